package org.arcmetric.linalg;

/**
 * The Cholesky factor of a symmetric positive definite matrix, {@code A = L Lᵀ} with L lower
 * triangular, and the triangular solves it serves: {@code L y = b} (forward) and {@code Lᵀ x = y}
 * (backward), so {@code A x = b} costs O(d²) once A is factored in O(d³ / 3). Used for the
 * Mahalanobis distance ({@code ‖L⁻¹ q‖²}) and for undoing a whitening ({@code
 * features.FeatureInverse}). Immutable and thread-safe.
 */
public final class Cholesky {
  private final double[][] lower;

  private Cholesky(double[][] lower) {
    this.lower = lower;
  }

  /**
   * Factors {@code a} (n × n, symmetric; only its lower triangle is read; not modified).
   *
   * @throws IllegalArgumentException when {@code a} is not square or not positive definite
   */
  public static Cholesky of(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("the matrix is not square");
      }
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("the matrix is not positive definite");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return new Cholesky(l);
  }

  /** n, the order of the matrix. */
  public int size() {
    return lower.length;
  }

  /** log det A = 2 Σ_i log L_ii (finite for any positive definite A, where det A may underflow). */
  public double logDeterminant() {
    double s = 0;
    for (int i = 0; i < lower.length; i++) {
      s += Math.log(lower[i][i]);
    }
    return 2 * s;
  }

  /** y with {@code L y = b} (forward substitution). */
  public double[] solveLower(double[] b) {
    check(b);
    double[] y = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      double s = b[i];
      double[] row = lower[i];
      for (int k = 0; k < i; k++) {
        s -= row[k] * y[k];
      }
      y[i] = s / row[i];
    }
    return y;
  }

  /** x with {@code A x = b}: forward, then backward substitution. */
  public double[] solve(double[] b) {
    double[] x = solveLower(b);
    for (int i = x.length - 1; i >= 0; i--) {
      double s = x[i];
      for (int k = i + 1; k < x.length; k++) {
        s -= lower[k][i] * x[k];
      }
      x[i] = s / lower[i][i];
    }
    return x;
  }

  private void check(double[] b) {
    if (b.length != lower.length) {
      throw new IllegalArgumentException(
          "the vector has " + b.length + " values, the matrix is " + lower.length + " square");
    }
  }
}
