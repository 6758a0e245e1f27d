package org.arcmetric.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.Prediction;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.TopK;
import org.junit.jupiter.api.Test;

/** Metrics against hand-computed cases, oracles and invariants. */
class MetricsTest {

  @Test
  void retrievalMatchesHandComputedTable() {
    // Six queries; R is the number of references with the query's label.
    List<String> labels = List.of("a", "a", "b", "b", "c", "d");
    List<List<String>> ranked =
        List.of(
            List.of("a", "a", "b"), // P@1 1, R-P 2/2, AP@R (1/1 + 2/2)/2 = 1
            List.of("b", "a", "a"), // 0, 1/2, (0 + 1/2)/2 = 0.25
            List.of("b", "a", "b", "b"), // R=3: 1, 2/3, (1/1 + 2/3)/3 = 5/9
            List.of("a", "a", "a", "b"), // 0, 0, 0; hit at rank 4
            List.of("c"), // R=1: 1, 1, 1
            List.of("a")); // R=0: not scored
    RetrievalMetrics m = RetrievalMetrics.of(labels, ranked, new int[] {2, 2, 3, 3, 1, 0}, 1, 2, 4);
    assertThat(m.queries()).isEqualTo(5);
    assertThat(m.skipped()).isEqualTo(1);
    assertThat(m.precisionAt1()).isCloseTo(3.0 / 5, within(1e-12));
    assertThat(m.rPrecision()).isCloseTo((1 + 0.5 + 2.0 / 3 + 0 + 1) / 5, within(1e-12));
    assertThat(m.mapAtR()).isCloseTo((1 + 0.25 + 5.0 / 9 + 0 + 1) / 5, within(1e-12));
    assertThat(m.recallAtK()).containsEntry(1, 0.6).containsEntry(2, 0.8).containsEntry(4, 1.0);
  }

  @Test
  void perfectEmbeddingScoresOneEverywhere() {
    Fixture f = Fixture.clusters(3, 5, 0.01f, 7);
    ExactIndex index = ExactIndex.of(f.labels, f.vectors);
    RetrievalMetrics m = RetrievalMetrics.compute(f.vectors, f.labels, index, true, 1, 4);
    assertThat(m.precisionAt1()).isEqualTo(1.0);
    assertThat(m.rPrecision()).isEqualTo(1.0);
    assertThat(m.mapAtR()).isEqualTo(1.0);
    assertThat(m.recallAtK()).containsEntry(4, 1.0);
    Verification v = Verification.of(f.vectors, f.labels, 1000, 1);
    assertThat(v.roc().auc()).isEqualTo(1.0);
    assertThat(v.roc().eer()).isEqualTo(0.0);
    int[] classes = f.labels.stream().mapToInt(l -> l.charAt(0)).toArray();
    ClusteringMetrics c = ClusteringMetrics.of(classes, KMeans.cluster(f.vectors, 3, 50, 1));
    assertThat(c.nmi()).isCloseTo(1.0, within(1e-12));
    assertThat(c.ami()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void exactRetrievalAgreesWithAFullSortOracle() {
    Fixture f = Fixture.clusters(4, 30, 0.9f, 3);
    ExactIndex index = ExactIndex.of(f.labels, f.vectors);
    List<List<String>> ranked = new ArrayList<>();
    int[] relevant = new int[f.vectors.length];
    for (int q = 0; q < f.vectors.length; q++) {
      float[] s = index.scores(f.vectors[q]);
      int self = q;
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < s.length; i++) {
        if (i != self) {
          order.add(i);
        }
      }
      order.sort(Comparator.comparing((Integer i) -> -s[i]).thenComparing(i -> i));
      ranked.add(order.stream().map(f.labels::get).toList());
      relevant[q] = 29;
    }
    RetrievalMetrics oracle = RetrievalMetrics.of(f.labels, ranked, relevant, 1, 5);
    RetrievalMetrics fast = RetrievalMetrics.compute(f.vectors, f.labels, index, true, 1, 5);
    assertThat(fast).isEqualTo(oracle);
    assertThat(fast.mapAtR()).isBetween(0.05, 0.999); // a noisy, non-trivial case
  }

  @Test
  void topKMatchesSortingWithTies() {
    Random r = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(40);
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(6); // many ties
      }
      int k = r.nextInt(n + 2);
      int exclude = r.nextInt(n + 1) - 1;
      Integer[] all = new Integer[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      Arrays.sort(all, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : a - b);
      int[] expected =
          Arrays.stream(all).filter(i -> i != exclude).limit(k).mapToInt(i -> i).toArray();
      assertThat(TopK.select(s, k, exclude)).as("trial %d", trial).containsExactly(expected);
    }
  }

  @Test
  void confusionMatrixHandCase() {
    ConfusionMatrix c =
        ConfusionMatrix.of(
            List.of("a", "a", "b", "b", "c"), Arrays.asList("a", "b", "b", null, "a"));
    assertThat(c.classes()).containsExactly("a", "b", "c");
    assertThat(c.counts()).isEqualTo(new int[][] {{1, 1, 0, 0}, {0, 1, 0, 1}, {1, 0, 0, 0}});
    assertThat(c.precision("a")).isEqualTo(0.5);
    assertThat(c.recall("b")).isEqualTo(0.5);
    assertThat(c.precision("c")).isEqualTo(0.0);
    assertThat(c.macroPrecision()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(c.macroRecall()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(c.microPrecision()).isEqualTo(0.5);
    assertThat(c.microRecall()).isEqualTo(0.4);
  }

  @Test
  void galleryAccuracyAgreesWithTheConfusionMatrix() {
    Fixture gallery = Fixture.clusters(4, 20, 0.8f, 11);
    Fixture queries = Fixture.clusters(4, 25, 0.8f, 12);
    Classifier knn =
        Classifier.of(Classifier.Mode.KNN, ExactIndex.of(gallery.labels, gallery.vectors), 5, 0.2f);
    List<Prediction> p = Evaluation.predict(knn, queries.vectors, 0);
    EvalReport r = Evaluation.score(p, queries.labels);
    assertThat(r.accuracy()).isBetween(0.3, 0.99);
    assertThat(r.confusion().microRecall()).isEqualTo(r.accuracy());
    assertThat(r.confusion().total()).isEqualTo(100);
    r.perClass().forEach((l, a) -> assertThat(r.confusion().recall(l)).isEqualTo(a.accuracy()));
    int unknown = 0;
    for (String l : r.confusion().classes()) {
      unknown += r.confusion().count(l, null);
    }
    assertThat(unknown).isEqualTo(r.unknown());
  }

  @Test
  void nmiHandCaseAndExpectedMutualInformationByPermutations() {
    ClusteringMetrics m = ClusteringMetrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1});
    assertThat(m.nmi()).isCloseTo(0.3437110184854508, within(1e-12));
    ClusteringMetrics same = ClusteringMetrics.of(new int[] {0, 0, 1, 2}, new int[] {5, 5, 7, 3});
    assertThat(same.nmi()).isCloseTo(1, within(1e-12));
    assertThat(same.ami()).isCloseTo(1, within(1e-12));

    // E[MI] by its definition: the mean MI over every permutation of one labelling.
    int[] u = {0, 0, 0, 1, 1, 2, 2};
    int[] v = {0, 0, 1, 1, 1, 1, 2};
    double[] sum = {0};
    int[] count = {0};
    permute(
        v.clone(),
        0,
        p -> {
          sum[0] += mutualInformation(u, p);
          count[0]++;
        });
    double emi = sum[0] / count[0];
    assertThat(
            ClusteringMetrics.expectedMutualInformation(
                new int[] {3, 2, 2}, new int[] {2, 4, 1}, 7))
        .isCloseTo(emi, within(1e-12));
    ClusteringMetrics uv = ClusteringMetrics.of(u, v);
    double hu = entropy(new int[] {3, 2, 2}, 7);
    double hv = entropy(new int[] {2, 4, 1}, 7);
    double mi = mutualInformation(u, v);
    assertThat(uv.ami()).isCloseTo((mi - emi) / ((hu + hv) / 2 - emi), within(1e-12));
    assertThat(uv.nmi()).isCloseTo(mi / ((hu + hv) / 2), within(1e-12));
  }

  @Test
  void rocFourPointsByHand() {
    Roc roc =
        Roc.of(new float[] {0.9f, 0.8f, 0.7f, 0.6f}, new boolean[] {true, false, true, false});
    assertThat(roc.points()).hasSize(5);
    assertThat(roc.auc()).isEqualTo(0.75);
    assertThat(roc.eer()).isEqualTo(0.5);
    assertThat(roc.eerThreshold()).isEqualTo(0.8f);
    Roc.Point p = roc.atFar(0.1);
    assertThat(p.tar()).isEqualTo(0.5);
    assertThat(p.threshold()).isEqualTo(0.9f);
    assertThat(roc.tarAtFar(Roc.DEFAULT_FARS)).containsOnlyKeys("1e-1", "1e-2", "1e-3");
    assertThat(Roc.of(new float[] {0.5f, 0.5f}, new boolean[] {true, false}).auc()).isEqualTo(0.5);
    assertThatThrownBy(() -> Roc.of(new float[] {1}, new boolean[] {true}))
        .hasMessageContaining("positives and negatives");
  }

  @Test
  void openSetByHand() {
    OpenSetMetrics m =
        OpenSetMetrics.of(
            new float[] {0.9f, 0.8f, 0.3f},
            new boolean[] {true, false, true},
            new float[] {0.5f, 0.2f},
            0.6);
    assertThat(m.roc().auc()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(m.knownAccuracy()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.unknownRejection()).isEqualTo(1.0);
    assertThat(m.tradeOff()).hasSize(51);
    assertThat(m.tradeOff().get(0).unknownRejection()).isEqualTo(0.0);
  }

  @Test
  void verificationCountsAllPairsWhenFew() {
    Fixture f = Fixture.clusters(3, 2, 0.5f, 1);
    Verification v = Verification.of(f.vectors, f.labels, 100, 1);
    assertThat(v.sameScores()).hasSize(3);
    assertThat(v.differentScores()).hasSize(12);
    Verification sampled = Verification.of(f.vectors, f.labels, 4, 1);
    assertThat(sampled.sameScores()).hasSize(3);
    assertThat(sampled.differentScores()).hasSize(4);
  }

  private static void permute(int[] a, int i, Consumer<int[]> f) {
    if (i == a.length) {
      f.accept(a);
      return;
    }
    for (int j = i; j < a.length; j++) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
      permute(a, i + 1, f);
      a[j] = a[i];
      a[i] = t;
    }
  }

  private static double mutualInformation(int[] u, int[] v) {
    int n = u.length;
    double mi = 0;
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        int nij = 0;
        int na = 0;
        int nb = 0;
        for (int i = 0; i < n; i++) {
          nij += u[i] == a && v[i] == b ? 1 : 0;
          na += u[i] == a ? 1 : 0;
          nb += v[i] == b ? 1 : 0;
        }
        if (nij > 0) {
          mi += (double) nij / n * Math.log((double) n * nij / ((double) na * nb));
        }
      }
    }
    return mi;
  }

  private static double entropy(int[] sizes, int n) {
    double h = 0;
    for (int s : sizes) {
      h -= (double) s / n * Math.log((double) s / n);
    }
    return h;
  }

  /** Unit vectors around one random direction per class, with Gaussian noise of {@code noise}. */
  record Fixture(List<String> labels, float[][] vectors) {
    static Fixture clusters(int classes, int perClass, float noise, long seed) {
      Random r = new Random(seed);
      int d = 8;
      float[][] centres = new float[classes][d];
      for (int c = 0; c < classes; c++) {
        centres[c][c % d] = 1; // orthogonal class directions
      }
      List<String> labels = new ArrayList<>();
      float[][] v = new float[classes * perClass][];
      for (int c = 0; c < classes; c++) {
        for (int i = 0; i < perClass; i++) {
          float[] x = new float[d];
          double norm = 0;
          for (int j = 0; j < d; j++) {
            x[j] = centres[c][j] + noise * (float) r.nextGaussian();
            norm += x[j] * x[j];
          }
          for (int j = 0; j < d; j++) {
            x[j] /= (float) Math.sqrt(norm);
          }
          v[c * perClass + i] = x;
          labels.add(String.valueOf((char) ('a' + c)));
        }
      }
      return new Fixture(labels, v);
    }
  }
}
