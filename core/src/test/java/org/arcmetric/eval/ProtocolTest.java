package org.arcmetric.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.MahalanobisScore;
import org.arcmetric.classify.UnknownScore;
import org.arcmetric.features.FeatureInverse;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.features.FeatureTap;
import org.arcmetric.features.Whitening;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ProtocolTest {
  /** Class c at angle c·40° on the unit circle, each image slightly off it. */
  static EmbeddedSet set(List<String> classes, int perClass, double offset) {
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<float[]> v = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      for (int i = 0; i < perClass; i++) {
        double a = Math.toRadians(40 * c + offset + i);
        labels.add(classes.get(c));
        sources.add(classes.get(c) + i);
        v.add(new float[] {(float) Math.cos(a), (float) Math.sin(a)});
      }
    }
    return new EmbeddedSet(labels, sources, v.toArray(new float[0][]));
  }

  static final List<String> TRAINED = List.of("a", "b");
  static final MetricSuite.Options OPTIONS = MetricSuite.Options.defaults(Classifier.Mode.CENTROID);
  static final Protocol.Draws DRAWS = new Protocol.Draws(new int[] {1, 2}, 3, 7);

  @Test
  void closedScoresOnlyTheTrainedClassesAndNewClassesDrawsShotsOfTheOthers() {
    EmbeddedSet gallery = set(List.of("a", "b", "c"), 4, 0);
    EmbeddedSet queries = set(List.of("a", "b", "c"), 3, 1.5);
    Protocol.Result closed = Protocol.CLOSED.run(gallery, queries, TRAINED, OPTIONS, DRAWS);
    assertThat(closed.suite().classification().images()).isEqualTo(6);
    assertThat(closed.suite().classification().perClass()).containsOnlyKeys("a", "b");
    assertThat(closed.suite().classification().accuracy()).isEqualTo(1.0);
    assertThat(Protocol.CLOSED.queries(queries, TRAINED).size()).isEqualTo(6);
    assertThat(Protocol.NONE.queries(queries, TRAINED).size()).isEqualTo(9);
    // the gallery searched: the trained classes' entries for closed and open set, all otherwise
    assertThat(Protocol.CLOSED.reference(gallery, TRAINED).classes()).containsExactly("a", "b");
    assertThat(Protocol.OPEN_SET.reference(gallery, TRAINED).size()).isEqualTo(8);
    assertThat(Protocol.NONE.reference(gallery, TRAINED).size()).isEqualTo(12);
    assertThat(Protocol.NEW_CLASSES.reference(gallery, TRAINED).size()).isEqualTo(12);

    Protocol.Result fresh = Protocol.NEW_CLASSES.run(gallery, queries, TRAINED, OPTIONS, DRAWS);
    assertThat(fresh.suite()).isNull();
    assertThat(fresh.newClasses()).containsExactly("c");
    assertThat(fresh.fewShot()).hasSize(2);
    assertThat(fresh.fewShot().get(0).draws()).isEqualTo(3);
    // the classes are 40° apart and the queries 1.5° off: every draw places every query
    assertThat(fresh.fewShot().get(1).allMean()).isEqualTo(1.0);

    Protocol.Result open = Protocol.OPEN_SET.run(gallery, queries, TRAINED, OPTIONS, DRAWS);
    assertThat(open.suite().openSet()).isNotNull();
    assertThat(open.suite().openSet().roc().negatives()).isEqualTo(3);
  }

  @Test
  void eachProtocolSaysWhatItsGalleryOrQueriesLack() {
    EmbeddedSet trainedOnly = set(TRAINED, 3, 0);
    EmbeddedSet queries = set(List.of("a", "b", "c"), 2, 1);
    assertThatThrownBy(
            () -> Protocol.NEW_CLASSES.run(trainedOnly, queries, TRAINED, OPTIONS, DRAWS))
        .hasMessage(
            "the new-classes protocol draws its shots from the gallery, which has no images of [c];"
                + " give galleryData with images of those classes");
    assertThatThrownBy(
            () -> Protocol.OPEN_SET.run(trainedOnly, set(TRAINED, 2, 1), TRAINED, OPTIONS, DRAWS))
        .hasMessageContaining("needs queries of classes the model was not trained on");
    assertThatThrownBy(
            () -> Protocol.CLOSED.run(set(List.of("c"), 2, 0), queries, TRAINED, OPTIONS, DRAWS))
        .hasMessageContaining("the closed protocol needs gallery images and queries");
    assertThat(Protocol.parse(null)).isEqualTo(Protocol.NONE);
    assertThat(Protocol.parse(" Open-Set ")).isEqualTo(Protocol.OPEN_SET);
    assertThatThrownBy(() -> Protocol.parse("ajar"))
        .hasMessage("unknown protocol 'ajar': choose none, closed, new-classes or open-set");
  }

  /** Unit vectors in 3-D: (cos t · cos z, sin t · cos z, sin z) for t, z in degrees. */
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
}
