package org.arcmetric.options;

import java.math.BigDecimal;

/**
 * Numbers as a person writes them in a message or a help text: {@code 0.0005}, not {@code 5.0E-4};
 * {@code 1}, not {@code 1.0}. Stateless.
 */
public final class Numbers {
  private Numbers() {}

  /** {@code v} in plain decimal notation without trailing zeros (Java's shortest digits). */
  public static String plain(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /**
   * As {@link #plain(double)}, with a float's own shortest digits (0.3f is 0.3, not 0.30000001).
   */
  public static String plain(float v) {
    if (!Float.isFinite(v)) {
      return Float.toString(v);
    }
    return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
  }
}
