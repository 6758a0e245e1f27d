package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.arcmetric.gallery.ExactIndex;
import org.junit.jupiter.api.Test;

/** Hand-computed distances on 2-D entries, and the decorator that scores "unknown" by them. */
class MahalanobisScoreTest {
  // a: (2,1), (0,-1) -> mean (1,0), deviations ±(1,1); b: (5,5), (5,3) -> mean (5,4), ±(0,1).
  // Σ_w = (1/4)(2·[[1,1],[1,1]] + 2·[[0,0],[0,1]]) = [[0.5,0.5],[0.5,1]], tr/d = 0.75
  final float[][] entries = {{2, 1}, {0, -1}, {5, 5}, {5, 3}};
  final List<String> labels = List.of("a", "a", "b", "b");

  /** (q − μ)ᵀ A⁻¹ (q − μ) for A = Σ_w + εI by the 2 × 2 inverse. */
  static double byHand(double eps, double x, double y) {
    double p = 0.5 + eps;
    double q = 0.5;
    double r = 1 + eps;
    double det = p * r - q * q;
    return (r * x * x - 2 * q * x * y + p * y * y) / det;
  }

  @Test
  void distancesMatchTheTwoByTwoInverse() {
    double alpha = 1e-3;
    double eps = alpha * 0.75;
    MahalanobisScore m = MahalanobisScore.of(entries, labels, alpha);
    assertThat(m.classes()).containsExactly("a", "b");
    double[] d = m.distancesSquared(new float[] {1, 1});
    // q − μ_a = (0, 1): (0.5 + ε)/det ≈ 1.994; q − μ_b = (−4, −3)
    assertThat(d[0]).isCloseTo(byHand(eps, 0, 1), within(1e-9));
    assertThat(d[0]).isCloseTo(1.99402, within(1e-4));
    assertThat(d[1]).isCloseTo(byHand(eps, -4, -3), within(1e-9));
    assertThat(m.score(new float[] {1, 1})).isCloseTo((float) -byHand(eps, 0, 1), within(1e-5f));
  }

  @Test
  void aStepAlongTheSpreadCostsLessThanAcrossIt() {
    MahalanobisScore m = MahalanobisScore.of(entries, labels, 1e-3);
    // a spreads along (1,1): from its mean (1,0), (2,1) is an entry, (2,-1) is as far but across
    assertThat(m.score(new float[] {2, 1})).isGreaterThan(m.score(new float[] {2, -1}));
    // the same Euclidean step costs (0.5 + 2ε)/det ≈ 2.0 along the spread, (2.5 + 2ε)/det ≈ 10
    // across it
    assertThat((double) -m.score(new float[] {2, 1})).isCloseTo(byHand(7.5e-4, 1, 1), within(1e-5));
    assertThat((double) -m.score(new float[] {2, 1})).isCloseTo(1.99701, within(1e-5));
    assertThat((double) -m.score(new float[] {2, -1}))
        .isCloseTo(byHand(7.5e-4, 1, -1), within(1e-5));
    assertThat((double) -m.score(new float[] {2, -1})).isCloseTo(9.96115, within(1e-5));
  }

  @Test
  void refusesWhatItCannotScore() {
    assertThatThrownBy(() -> MahalanobisScore.of(new float[0][], List.of(), 1e-3))
        .hasMessageContaining("needs gallery entries");
    assertThatThrownBy(() -> MahalanobisScore.of(entries, List.of("a"), 1e-3))
        .hasMessageContaining("one label per entry");
    assertThatThrownBy(() -> MahalanobisScore.of(entries, labels, 0))
        .hasMessageContaining("shrinkage must be positive");
    float[][] wide = {new float[MahalanobisScore.MAX_DIMENSION + 1]};
    assertThatThrownBy(() -> MahalanobisScore.of(wide, List.of("a"), 1e-3))
        .hasMessageContaining("at most 4096 features, these have 4097");
    MahalanobisScore m = MahalanobisScore.of(entries, labels, 1e-3);
    assertThatThrownBy(() -> m.score(new float[] {1, 2, 3}))
        .hasMessageContaining("the query has 3 values");
  }

  @Test
  void decoratorKeepsTheLabelAndThresholdsTheMahalanobisScore() {
    float[][] unit = {
      ClassifierTest.at(0), ClassifierTest.at(10), ClassifierTest.at(80), ClassifierTest.at(90)
    };
    List<String> l = List.of("a", "a", "b", "b");
    ExactIndex index = ExactIndex.of(l, unit);
    MahalanobisScore m = MahalanobisScore.of(unit, l, 1e-3);
    Classifier centroid = new CentroidClassifier(index, Float.NEGATIVE_INFINITY);
    float[] q = ClassifierTest.at(5);
    float s = m.score(q);
    Prediction kept = new MahalanobisUnknown(centroid, m, s - 1).classify(q, 2);
    assertThat(kept.label()).isEqualTo("a");
    assertThat(kept.score()).isEqualTo(s);
    assertThat(kept.unknown()).isFalse();
    assertThat(kept.neighbours()).hasSize(2);
    Prediction rejected = new MahalanobisUnknown(centroid, m, s + 1).classify(q, 2);
    assertThat(rejected.unknown()).isTrue();
    assertThat(rejected.label()).isNull();
    assertThat(rejected.candidates()).startsWith("a");
    // 45° lies between the classes, far from both means in their narrow spread: less known
    assertThat(m.score(ClassifierTest.at(45))).isLessThan(s);
  }

  @Test
  void theRelativeScoreSubtractsTheDistanceToTheWholeGallery() {
    // 1-D: a = {1, 3} (mean 2), b = {−3, −1} (mean −2). Within: Σ_w = 1, ε = 0.001 → 1.001.
    // Whole gallery: μ_0 = 0, Σ_0 = (1 + 9 + 9 + 1) / 4 = 5, ε_0 = 0.005 → 5.005.
    float[][] v = {{1}, {3}, {-3}, {-1}};
    List<String> l = List.of("a", "a", "b", "b");
    MahalanobisScore plain = MahalanobisScore.of(v, l, 1e-3);
    MahalanobisScore relative = MahalanobisScore.relative(v, l, 1e-3);
    // q = 2: min d² = 0 (a's mean), d²_0 = 4 / 5.005
    assertThat(plain.score(new float[] {2})).isEqualTo(0f);
    assertThat(relative.score(new float[] {2})).isCloseTo((float) (4 / 5.005), within(1e-6f));
    // q = 0: d²_a = 4 / 1.001, d²_0 = 0: both scores agree
    assertThat(relative.score(new float[] {0})).isCloseTo((float) (-4 / 1.001), within(1e-5f));
    assertThat(plain.score(new float[] {0})).isCloseTo((float) (-4 / 1.001), within(1e-5f));
    // q = 10: −(64 / 1.001 − 100 / 5.005)
    assertThat(relative.score(new float[] {10}))
        .isCloseTo((float) -(64 / 1.001 - 100 / 5.005), within(1e-4f));
    assertThat(relative.distancesSquared(new float[] {10}))
        .containsExactly(new double[] {64 / 1.001, 144 / 1.001}, within(1e-9));
  }
}
