// Moved out of core's ProtocolTest with the open-set scores (research/open-set/README.md): the
// test methods as they ran against MetricSuite.Options.withUnknownScore / withUnknownSpace.
  static EmbeddedSet sphere(List<String> labels, double[] t, double[] z) {
    float[][] v = new float[labels.size()][];
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      double a = Math.toRadians(t[i]);
      double b = Math.toRadians(z[i]);
      v[i] =
          new float[] {
            (float) (Math.cos(a) * Math.cos(b)),
            (float) (Math.sin(a) * Math.cos(b)),
            (float) Math.sin(b)
          };
      sources.add("q" + i);
    }
    return new EmbeddedSet(labels, sources, v);
  }

  /**
   * Classes a (t = −10°..10°) and b (80°..100°) in steps of 2°, alternating a and b, entry i at
   * latitude {@code z.applyAsDouble(i)}.
   */
  static EmbeddedSet spread(IntToDoubleFunction z) {
    List<String> gl = new ArrayList<>();
    List<Double> gt = new ArrayList<>();
    for (int i = -10; i <= 10; i += 2) {
      gl.add("a");
      gt.add((double) i);
      gl.add("b");
      gt.add(90.0 + i);
    }
    double[] gz = new double[gl.size()];
    for (int i = 0; i < gz.length; i++) {
      gz[i] = z.applyAsDouble(i);
    }
    return sphere(gl, gt.stream().mapToDouble(d -> d).toArray(), gz);
  }

  @Test
  void mahalanobisUnknownScoreRejectsWhatLiesOffTheClassesSpread() {
    // a spreads over t = -10°..10°, b over 80°..100°, both in the plane z = 0; the unknown u lies
    // 4° out of that plane: closer in cosine to a's centroid than a's own queries at ±5° and ±9°
    EmbeddedSet gallery = spread(i -> 0);
    EmbeddedSet queries =
        sphere(
            List.of("a", "a", "a", "b", "b", "u", "u", "u"),
            new double[] {-9, 5, 0, 85, 99, 0, 2, -1},
            new double[] {0, 0, 0, 0, 0, 4, -4, 3});
    MetricSuite.Result similarity =
        Protocol.OPEN_SET.run(gallery, queries, TRAINED, OPTIONS, DRAWS).suite();
    MetricSuite.Result mahalanobis =
        Protocol.OPEN_SET
            .run(
                gallery,
                queries,
                TRAINED,
                OPTIONS.withUnknownScore(UnknownScore.MAHALANOBIS),
                DRAWS)
            .suite();
    assertThat(similarity.openSet().roc().auc()).isLessThan(0.7);
    assertThat(mahalanobis.openSet().roc().auc()).isEqualTo(1.0);
    // the labels are the classifier's either way; only the scores differ
    for (int i = 0; i < queries.size(); i++) {
      assertThat(mahalanobis.predictions().get(i).candidates())
          .isEqualTo(similarity.predictions().get(i).candidates());
    }
    var score =
        MahalanobisScore.of(
            gallery.vectors(), gallery.labels(), MahalanobisScore.DEFAULT_SHRINKAGE);
    assertThat(mahalanobis.predictions().get(5).score())
        .isEqualTo(score.score(queries.vectors()[5]));
    MetricSuite.Result relative =
        Protocol.OPEN_SET
            .run(
                gallery,
                queries,
                TRAINED,
                OPTIONS.withUnknownScore(UnknownScore.RELATIVE_MAHALANOBIS),
                DRAWS)
            .suite();
    var relativeScore =
        MahalanobisScore.relative(
            gallery.vectors(), gallery.labels(), MahalanobisScore.DEFAULT_SHRINKAGE);
    assertThat(relative.predictions().get(5).score())
        .isEqualTo(relativeScore.score(queries.vectors()[5]))
        .isNotEqualTo(score.score(queries.vectors()[5]));
  }

  @Test
  void mahalanobisIsMeasuredInTheUnknownSpaceItIsGiven() {
    // the 3-D case above, stored whitened (W = diag(1, 3, 0.5) about μ) as a +zca gallery holds
    // it; scored through FeatureInverse::plain the scores are those of the plain vectors, and
    // scored as stored they are not
    EmbeddedSet plainGallery = spread(i -> i % 3 - 1); // some spread out of the plane
    EmbeddedSet plainQueries =
        sphere(
            List.of("a", "a", "b", "u", "u"),
            new double[] {-9, 5, 85, 0, 2},
            new double[] {0, 0, 0, 6, -6});
    FeatureSpec spec =
        FeatureSpec.whitened(
            FeatureTap.EMBEDDING,
            Whitening.mean(plainGallery.vectors()),
            new float[] {1, 0, 0, 0, 3, 0, 0, 0, 0.5f});
    EmbeddedSet gallery = whiten(plainGallery, spec);
    EmbeddedSet queries = whiten(plainQueries, spec);
    MetricSuite.Options maha = OPTIONS.withUnknownScore(UnknownScore.MAHALANOBIS);
    MetricSuite.Result plain =
        Protocol.OPEN_SET.run(plainGallery, plainQueries, TRAINED, maha, DRAWS).suite();
    MetricSuite.Result undone =
        Protocol.OPEN_SET
            .run(
                gallery,
                queries,
                TRAINED,
                maha.withUnknownSpace(FeatureInverse.of(spec)::plain),
                DRAWS)
            .suite();
    MetricSuite.Result stored =
        Protocol.OPEN_SET.run(gallery, queries, TRAINED, maha, DRAWS).suite();
    double largest = 0;
    for (int i = 0; i < queries.size(); i++) {
      float p = plain.predictions().get(i).score();
      assertThat(undone.predictions().get(i).score())
          .isCloseTo(p, Assertions.within(Math.abs(p) * 1e-3f + 1e-3f));
      largest = Math.max(largest, Math.abs(stored.predictions().get(i).score() - p) / Math.abs(p));
    }
    assertThat(largest).isGreaterThan(0.05);
  }

  private static EmbeddedSet whiten(EmbeddedSet set, FeatureSpec spec) {
    float[][] v = new float[set.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = spec.apply(set.vectors()[i].clone());
    }
    return new EmbeddedSet(set.labels(), set.sources(), v);
  }
