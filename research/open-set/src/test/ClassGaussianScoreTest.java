package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed log-likelihoods of the per-class Gaussian score on 1-D and 2-D entries. */
class ClassGaussianScoreTest {
  // 1-D: a = {1, 3}: mean 2, own variance 1; b = {−5, −1}: mean −3, own variance 4.
  // Σ_w = (2·1 + 2·4) / 4 = 2.5, ε = 0.001 · 2.5 = 0.0025;
  // A_a = 0.5·1 + 0.5·2.5 + ε = 1.7525, A_b = 0.5·4 + 0.5·2.5 + ε = 3.2525.
  final float[][] line = {{1}, {3}, {-5}, {-1}};
  final List<String> labels = List.of("a", "a", "b", "b");
  static final double A = 1.7525;
  static final double B = 3.2525;

  @Test
  void logLikelihoodsMatchTheOneDimensionalFormula() {
    ClassGaussianScore g = ClassGaussianScore.of(line, labels, 1e-3);
    assertThat(g.classes()).containsExactly("a", "b");
    // q = 2, a's mean: −0 − ln A_a; b: −25 / A_b − ln A_b
    assertThat(g.logLikelihoods(new float[] {2}))
        .containsExactly(new double[] {-Math.log(A), -25 / B - Math.log(B)}, within(1e-9));
    assertThat(g.score(new float[] {2})).isCloseTo((float) -Math.log(A), within(1e-6f));
    assertThat(g.score(new float[] {2})).isCloseTo(-0.56104f, within(1e-5f));
    // q = −3, b's mean: −ln A_b = −1.17942, below a's mean's score: the tight class's centre is
    // more known than the loose one's, where the shared Mahalanobis score gives both 0
    assertThat(g.score(new float[] {-3})).isCloseTo((float) -Math.log(B), within(1e-6f));
    MahalanobisScore shared = MahalanobisScore.of(line, labels, 1e-3);
    assertThat(shared.score(new float[] {2})).isEqualTo(shared.score(new float[] {-3}));
    assertThat(g.score(new float[] {2})).isGreaterThan(g.score(new float[] {-3}));
  }

  @Test
  void aPointHalfWayIsClaimedByTheLooserClass() {
    ClassGaussianScore g = ClassGaussianScore.of(line, labels, 1e-3);
    // q = −0.5 is 2.5 from both means: equally far under the shared covariance, but
    // −6.25 / 1.7525 − ln 1.7525 = −4.1274 for a and −6.25 / 3.2525 − ln 3.2525 = −3.1010 for b
    double[] ll = g.logLikelihoods(new float[] {-0.5f});
    assertThat(ll[0]).isCloseTo(-6.25 / A - Math.log(A), within(1e-6));
    assertThat(ll[1]).isCloseTo(-6.25 / B - Math.log(B), within(1e-6));
    assertThat(ll[1]).isCloseTo(-3.1010, within(1e-4));
    assertThat(g.score(new float[] {-0.5f})).isCloseTo((float) ll[1], within(1e-6f));
    MahalanobisScore shared = MahalanobisScore.of(line, labels, 1e-3);
    double[] d = shared.distancesSquared(new float[] {-0.5f});
    assertThat(d[0]).isCloseTo(d[1], within(1e-9));
  }

  @Test
  void aClassOfOneEntryBorrowsTheSharedSpread() {
    // 2-D: a = (1, 0), (−1, 0) → mean 0, own covariance diag(1, 0); c = (5, 5) alone → own 0.
    // Σ_w = diag(2, 0) / 3, ε = 0.001 · (2/3) / 2; A_c = 0.5 Σ_w + εI = diag(1/3 + ε, ε)
    float[][] v = {{1, 0}, {-1, 0}, {5, 5}};
    ClassGaussianScore g = ClassGaussianScore.of(v, List.of("a", "a", "c"), 1e-3);
    double eps = 1e-3 / 3;
    double[] ll = g.logLikelihoods(new float[] {5.5f, 5});
    assertThat(ll[1])
        .isCloseTo(-0.25 / (1.0 / 3 + eps) - Math.log((1.0 / 3 + eps) * eps), within(1e-6));
    // A_a = 0.5·diag(1, 0) + 0.5·diag(2/3, 0) + εI = diag(5/6 + ε, ε)
    assertThat(ll[0])
        .isCloseTo(
            -(5.5 * 5.5) / (5.0 / 6 + eps) - 25 / eps - Math.log((5.0 / 6 + eps) * eps),
            within(1e-3));
  }

  @Test
  void keepsTheClassifiersLabelAndThresholdsItsOwnScore() {
    ClassGaussianScore g = ClassGaussianScore.of(line, labels, 1e-3);
    Classifier fixed = (q, k) -> new Prediction("b", 0.9f, false, List.of("b", "a"), List.of());
    Prediction p = new MahalanobisUnknown(fixed, g, -2f).classify(new float[] {2}, 2);
    assertThat(p.unknown()).isFalse();
    assertThat(p.label()).isEqualTo("b");
    assertThat(p.score()).isCloseTo(-0.56104f, within(1e-5f));
    assertThat(new MahalanobisUnknown(fixed, g, 0f).classify(new float[] {2}, 2).unknown())
        .isTrue();
  }

  @Test
  void refusesWhatItCannotScore() {
    assertThatThrownBy(() -> ClassGaussianScore.of(new float[0][], List.of(), 1e-3))
        .hasMessageContaining("the class Gaussian score needs gallery entries");
    assertThatThrownBy(() -> ClassGaussianScore.of(line, List.of("a"), 1e-3))
        .hasMessageContaining("one label per entry");
    assertThatThrownBy(() -> ClassGaussianScore.of(line, labels, 0))
        .hasMessageContaining("shrinkage must be positive");
    assertThatThrownBy(() -> ClassGaussianScore.of(line, labels, 1e-3).score(new float[] {1, 2}))
        .hasMessageContaining("the query has 2 values, the gallery's entries 1");
    // 3 classes of 4,096 features: 3 · 4096² values, more than 2²⁵
    assertThat(ClassGaussianScore.tooLarge(4096, 3)).contains("3 classes of 4096 features");
    assertThat(ClassGaussianScore.tooLarge(128, 1000)).isNull();
    assertThat(UnknownScore.CLASS_GAUSSIAN.tooLarge(784, 100)).contains("more than");
    assertThat(UnknownScore.MAHALANOBIS.tooLarge(784, 100)).isNull();
  }
}
