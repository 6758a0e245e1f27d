package org.arcmetric.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureInverseTest {
  @Test
  void undoesAWhiteningByHand() {
    // μ = (0.6, 0), W = diag(1, 2), v = (0.6, 0.8): W (v − μ) = (0, 1.6), stored z = (0, 1).
    // Back: u = W⁻¹ z = (0, 0.5); ‖u‖² = 0.25, μ·u = 0, ‖μ‖² − 1 = −0.64 → t = 0.4 / 0.25 = 1.6,
    // v = μ + 1.6 u = (0.6, 0.8)
    FeatureSpec spec =
        FeatureSpec.whitened(FeatureTap.EMBEDDING, new float[] {0.6f, 0}, new float[] {1, 0, 0, 2});
    assertThat(spec.apply(new float[] {0.6f, 0.8f})).containsExactly(0, 1);
    float[] v = FeatureInverse.of(spec).plain(new float[] {0, 1});
    assertThat(v).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
  }

  @Test
  void undoesCentringWithoutWhitening() {
    // μ = (0.6, 0), v = (0.6, −0.8): (v − μ)/‖v − μ‖ = (0, −1); t = 0.8
    FeatureSpec spec = FeatureSpec.of(FeatureTap.EMBEDDING, new float[] {0.6f, 0});
    float[] v = FeatureInverse.of(spec).plain(new float[] {0, -1});
    assertThat(v).containsExactly(new float[] {0.6f, -0.8f}, within(1e-6f));
  }

  @Test
  void roundTripsTheDefaultWhiteningOfRandomUnitVectors() {
    Random r = new Random(7);
    int d = 12;
    float[][] v = new float[200][d];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      double sq = 0;
      for (int j = 0; j < d; j++) {
        // a few dominant directions and a class offset, as a trained embedding has
        v[i][j] = (float) (r.nextGaussian() * (j < 3 ? 3 : 0.2) + (i % 4 == j ? 2 : 0));
        sq += v[i][j] * v[i][j];
      }
      for (int j = 0; j < d; j++) {
        v[i][j] /= (float) Math.sqrt(sq);
      }
      labels.add("c" + i % 4);
    }
    float[] mu = Whitening.mean(v);
    float[] w =
        Whitening.zca(v, labels, mu, Whitening.DEFAULT_SHRINKAGE, Whitening.DEFAULT_BETWEEN_WEIGHT);
    FeatureSpec spec = FeatureSpec.whitened(FeatureTap.EMBEDDING, mu, w);
    FeatureInverse inverse = FeatureInverse.of(spec);
    for (float[] x : v) {
      float[] back = inverse.plain(spec.apply(x.clone()));
      assertThat(back).containsExactly(x, within(2e-5f));
    }
  }

  @Test
  void withoutCentringIsTheIdentityAndBadCentresAreRefused() {
    FeatureInverse none = FeatureInverse.of(FeatureSpec.DEFAULT);
    float[] z = {0.6f, 0.8f};
    assertThat(none.identity()).isTrue();
    assertThat(none.plain(z)).isSameAs(z);
    assertThatThrownBy(
            () -> FeatureInverse.of(FeatureSpec.of(FeatureTap.EMBEDDING, new float[] {1, 0})))
        .hasMessageContaining("features.centre");
    assertThatThrownBy(
            () ->
                FeatureInverse.of(
                    FeatureSpec.whitened(
                        FeatureTap.EMBEDDING, new float[] {0.1f, 0}, new float[] {1, 0, 0, -1})))
        .hasMessageContaining("features.whitening");
  }
}
