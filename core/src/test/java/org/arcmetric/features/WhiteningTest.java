package org.arcmetric.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.arcmetric.linalg.SymmetricEigen;
import org.junit.jupiter.api.Test;

class WhiteningTest {
  @Test
  void aDiagonalCovarianceIsWhitenedByHand() {
    // about μ = 0: Σ = diag((4 + 4) / 4, (1 + 1) / 4) = diag(2, 0.5); tr Σ / d = 1.25, ε = 0.0125
    float[][] v = {{2, 0}, {-2, 0}, {0, 1}, {0, -1}};
    float[] w = Whitening.zca(v, new float[] {0, 0}, 0.01);
    assertThat(w)
        .containsExactly(
            new float[] {(float) (1 / Math.sqrt(2.0125)), 0, 0, (float) (1 / Math.sqrt(0.5125))},
            within(1e-6f));
  }

  @Test
  void theResultIsTheInverseSquareRootOfTheShrunkCovariance() {
    int n = 400;
    int d = 6;
    Random rnd = new Random(7);
    float[][] v = new float[n][d];
    for (float[] row : v) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      for (int j = 0; j < d; j++) {
        // two strong shared directions and a little noise: a covariance far from isotropic
        row[j] =
            (float)
                (0.3 + a * (j + 1) + b * (j % 2 == 0 ? 1 : -1) * 0.5 + 0.01 * rnd.nextGaussian());
      }
    }
    float[] mu = new float[d];
    for (float[] row : v) {
      for (int j = 0; j < d; j++) {
        mu[j] += row[j] / n;
      }
    }
    // the oracle: Σ by the textbook double loop
    double[][] cov = new double[d][d];
    for (float[] row : v) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] += (row[i] - mu[i]) * (double) (row[j] - mu[j]) / n;
        }
      }
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += cov[i][i];
    }
    double eps = 0.01 * trace / d;
    float[] w = Whitening.zca(v, mu, 0.01);
    // W symmetric and W (Σ + εI) W = I
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(w[i * d + j]).isCloseTo(w[j * d + i], within(1e-6f));
        double s = 0;
        for (int k = 0; k < d; k++) {
          for (int l = 0; l < d; l++) {
            s += w[i * d + k] * (cov[k][l] + (k == l ? eps : 0)) * w[l * d + j];
          }
        }
        assertThat(s).as("(W Σ W)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-3));
      }
    }
  }

  @Test
  void jacobiFindsEigenpairsOfASymmetricMatrix() {
    double[][] a = {{4, 1, 0.5}, {1, 3, -0.25}, {0.5, -0.25, 1}};
    SymmetricEigen e = SymmetricEigen.of(a);
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 3; i++) {
        double av = 0;
        for (int j = 0; j < 3; j++) {
          av += a[i][j] * e.vectors()[j][k];
        }
        assertThat(av).isCloseTo(e.values()[k] * e.vectors()[i][k], within(1e-12));
      }
      for (int l = 0; l < 3; l++) {
        double dot = 0;
        for (int i = 0; i < 3; i++) {
          dot += e.vectors()[i][k] * e.vectors()[i][l];
        }
        assertThat(dot).isCloseTo(k == l ? 1 : 0, within(1e-12));
      }
    }
    // the trace is kept: 4 + 3 + 1
    assertThat(e.values()[0] + e.values()[1] + e.values()[2]).isCloseTo(8, within(1e-12));
    assertThat(a[0][1]).isEqualTo(1); // the input is not modified
  }

  @Test
  void refusesTooFewVectorsTooManyFeaturesAndABadShrinkage() {
    float[] mu = {0, 0};
    assertThatThrownBy(() -> Whitening.zca(new float[][] {{1, 0}}, mu, 0.01))
        .hasMessageContaining("at least 2 vectors");
    // vectors that do not vary: nothing to whiten, W = I
    assertThat(Whitening.zca(new float[][] {{0, 0}, {0, 0}}, mu, 0.01)).containsExactly(1, 0, 0, 1);
    assertThatThrownBy(() -> Whitening.zca(new float[600][600], new float[600], 0.01))
        .hasMessageContaining("at most 512 features, these have 600: use +cl2n instead of +zca");
    assertThatThrownBy(() -> Whitening.zca(new float[][] {{1, 0}, {0, 1}}, mu, 0))
        .hasMessageContaining("shrinkage must be positive");
    assertThatThrownBy(() -> Whitening.zca(new float[][] {{1, 0}, {0, 1, 2}}, mu, 0.01))
        .hasMessageContaining("a vector has 3 values where the mean has 2");
  }
}
