package org.arcmetric.linalg;

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
}
