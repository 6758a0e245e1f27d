package org.arcmetric.bench;

import java.util.Random;
import org.arcmetric.linalg.UnitVectors;

/**
 * The synthetic data of the gallery benchmarks: random unit centres in d dimensions, and points
 * around them (centre plus Gaussian noise of σ per coordinate, re-normalised). Draws from the given
 * {@link Random} in a fixed order, so a seed gives the same vectors. Stateless.
 */
final class ClusteredVectors {
  private ClusteredVectors() {}

  /** {@code count} random unit vectors of dimension {@code dim}. */
  static float[][] centres(Random r, int count, int dim) {
    float[][] centres = new float[count][];
    for (int c = 0; c < count; c++) {
      centres[c] = UnitVectors.normalize(gaussian(r, dim, 1));
    }
    return centres;
  }

  /** {@code centre} plus noise of σ = {@code sigma} per coordinate, as a unit vector. */
  static float[] around(Random r, float[] centre, double sigma) {
    float[] v = gaussian(r, centre.length, sigma);
    for (int j = 0; j < v.length; j++) {
      v[j] += centre[j];
    }
    return UnitVectors.normalize(v);
  }

  static float[] gaussian(Random r, int d, double sigma) {
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) (sigma * r.nextGaussian());
    }
    return v;
  }
}
