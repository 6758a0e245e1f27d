package org.arcmetric.features;

import org.arcmetric.linalg.Cholesky;

/**
 * Undoes a {@link FeatureSpec}'s centring and whitening: from a stored feature vector {@code z = W
 * (v − μ) / ‖W (v − μ)‖} (or {@code (v − μ) / ‖v − μ‖} without W) back to the unit vector {@code v}
 * the network gave, so that a score which needs the network's own geometry (the Mahalanobis unknown
 * score) can be measured on a gallery that stores only whitened vectors.
 *
 * <p>The normalisation dropped the length, but {@code v} is a unit vector: with {@code u = W⁻¹ z}
 * (parallel to {@code v − μ}), {@code v = μ + t u} for the t > 0 with {@code ‖μ + t u‖ = 1}, the
 * positive root of {@code ‖u‖² t² + 2 (μ·u) t + (‖μ‖² − 1) = 0}; it is unique because μ, a mean of
 * unit vectors, has {@code ‖μ‖ < 1}. W is symmetric positive definite ({@code (Σ + εI)^(−1/2)}), so
 * {@code u} comes from its Cholesky factor. A spec without centring is returned unchanged.
 * Immutable and thread-safe.
 */
public final class FeatureInverse {
  private final float[] centre;
  private final Cholesky whitening;

  private FeatureInverse(float[] centre, Cholesky whitening) {
    this.centre = centre;
    this.whitening = whitening;
  }

  /**
   * The inverse of {@code spec}'s transform.
   *
   * @throws IllegalArgumentException when {@code spec}'s centre is not inside the unit ball (not a
   *     mean of unit vectors) or its whitening is not positive definite
   */
  public static FeatureInverse of(FeatureSpec spec) {
    if (!spec.centred()) {
      return new FeatureInverse(null, null);
    }
    float[] mu = spec.centre();
    double norm = 0;
    for (float m : mu) {
      norm += (double) m * m;
    }
    if (!(norm < 1)) {
      throw new IllegalArgumentException(
          "features.centre has length " + Math.sqrt(norm) + ": a mean of unit vectors is shorter");
    }
    Cholesky w = null;
    if (spec.whitened()) {
      int d = mu.length;
      double[][] a = new double[d][d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          a[i][j] = spec.whitening()[i * d + j];
        }
      }
      try {
        w = Cholesky.of(a);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "features.whitening is not positive definite, so it cannot be undone", e);
      }
    }
    return new FeatureInverse(mu, w);
  }

  /** Whether this inverse changes anything (the spec centred its vectors). */
  public boolean identity() {
    return centre == null;
  }

  /**
   * The unit vector v that {@code stored} was made from (a new array), or {@code stored} itself
   * when the spec did not centre; a zero vector (v was μ) gives μ.
   */
  public float[] plain(float[] stored) {
    if (centre == null) {
      return stored;
    }
    int d = centre.length;
    if (stored.length != d) {
      throw new IllegalArgumentException(
          "features.centre has " + d + " values but the vector has " + stored.length);
    }
    double[] u = new double[d];
    for (int i = 0; i < d; i++) {
      u[i] = stored[i];
    }
    if (whitening != null) {
      u = whitening.solve(u);
    }
    double a = 0;
    double b = 0;
    double c = -1;
    for (int i = 0; i < d; i++) {
      a += u[i] * u[i];
      b += centre[i] * u[i];
      c += (double) centre[i] * centre[i];
    }
    double t = a > 0 ? (-b + Math.sqrt(b * b - a * c)) / a : 0;
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) (centre[i] + t * u[i]);
    }
    return v;
  }
}
