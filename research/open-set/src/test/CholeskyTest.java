package org.arcmetric.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CholeskyTest {
  // A = [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]] by hand
  private static final double[][] A = {{4, 2}, {2, 3}};

  @Test
  void forwardSolveUsesTheHandFactor() {
    // L y = (2, 1 + √2): y0 = 2 / 2 = 1, y1 = (1 + √2 − 1·1) / √2 = 1
    double[] y = Cholesky.of(A).solveLower(new double[] {2, 1 + Math.sqrt(2)});
    assertThat(y[0]).isCloseTo(1, within(1e-12));
    assertThat(y[1]).isCloseTo(1, within(1e-12));
  }

  @Test
  void logDeterminantIsTwiceTheLogOfTheFactorsDiagonal() {
    // det A = 4·3 − 2·2 = 8 = (2·√2)²
    assertThat(Cholesky.of(A).logDeterminant()).isCloseTo(Math.log(8), within(1e-12));
    // a diagonal matrix far below 1 per entry: det underflows a double, its log does not
    double[][] tiny = new double[400][400];
    for (int i = 0; i < 400; i++) {
      tiny[i][i] = 1e-3;
    }
    assertThat(Cholesky.of(tiny).logDeterminant()).isCloseTo(400 * Math.log(1e-3), within(1e-9));
  }

  @Test
  void solveInvertsTheMatrix() {
    // 4x + 2y = 2, 2x + 3y = 1 → y = 0, x = 0.5
    double[] x = Cholesky.of(A).solve(new double[] {2, 1});
    assertThat(x[0]).isCloseTo(0.5, within(1e-12));
    assertThat(x[1]).isCloseTo(0, within(1e-12));
    // a 3 × 3 case against A x recomputed
    double[][] b = {{5, 1, 0.5}, {1, 4, -1}, {0.5, -1, 3}};
    double[] rhs = {1, -2, 0.25};
    double[] s = Cholesky.of(b).solve(rhs);
    for (int i = 0; i < 3; i++) {
      double back = 0;
      for (int j = 0; j < 3; j++) {
        back += b[i][j] * s[j];
      }
      assertThat(back).isCloseTo(rhs[i], within(1e-12));
    }
  }

  @Test
  void refusesWhatIsNotPositiveDefiniteOrSquare() {
    assertThatThrownBy(() -> Cholesky.of(new double[][] {{1, 2}, {2, 1}}))
        .hasMessageContaining("not positive definite");
    assertThatThrownBy(() -> Cholesky.of(new double[][] {{1, 2}}))
        .hasMessageContaining("not square");
    assertThatThrownBy(() -> Cholesky.of(A).solve(new double[] {1, 2, 3}))
        .hasMessageContaining("3 values");
  }
}
