package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import org.arcmetric.options.Choices;

/**
 * Pairwise distances between the rows of an {@code (N, d)} embedding batch, as an {@code (N, N)}
 * matrix. Rows are normalised first, so both distances lie in [0, 2].
 *
 * <ul>
 *   <li>{@code cosine}: {@code 1 − cos(x_i, x_j)};
 *   <li>{@code euclidean}: {@code ‖x̂_i − x̂_j‖ = sqrt(max(2 − 2 cos, 1e-12))} — the floor keeps
 *       the derivative of the square root finite on the diagonal and for identical images.
 * </ul>
 */
public enum Distance {
  COSINE,
  EUCLIDEAN;

  static final float SQRT_EPS = 1e-12f;

  public static Distance parse(String s) {
    return Choices.parse(Distance.class, s, "distance");
  }

  /** Cosine similarities {@code (N, N)} of the normalised rows. */
  public static NDArray similarities(NDArray x) {
    NDArray n = x.div(x.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
    return n.matMul(n.transpose());
  }

  /** The {@code (N, N)} distance matrix. */
  public NDArray pairwise(NDArray x) {
    NDArray cos = similarities(x);
    return switch (this) {
      case COSINE -> cos.neg().add(1f);
      case EUCLIDEAN -> cos.mul(-2f).add(2f).maximum(SQRT_EPS).sqrt();
    };
  }
}
