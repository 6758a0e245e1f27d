package org.arcmetric.gallery;

/** L2 normalisation of embedding vectors, the form every gallery vector must have. */
public final class UnitVectors {
  private UnitVectors() {}

  /**
   * Scales {@code v} in place to length 1 and returns it; a zero vector stays zero. Thread-safe for
   * distinct arrays.
   */
  public static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-24)));
    for (int j = 0; j < v.length; j++) {
      v[j] *= inv;
    }
    return v;
  }

  /**
   * The element-wise mean of {@code rows} (not normalised): the CL2N centre μ of a set of unit
   * vectors. Thread-safe.
   *
   * @throws IllegalArgumentException if there are no rows
   */
  public static float[] mean(float[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("the mean of no vectors is undefined");
    }
    double[] sum = new double[rows[0].length];
    for (float[] r : rows) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += r[j];
      }
    }
    float[] m = new float[sum.length];
    for (int j = 0; j < m.length; j++) {
      m[j] = (float) (sum[j] / rows.length);
    }
    return m;
  }
}
