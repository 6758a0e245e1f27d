package org.arcmetric.model;

import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * A requested kind of features, as written {@code TAP[+cl2n]} (e.g. {@code pooled+cl2n}): the
 * {@link FeatureTap} and whether CL2N centring follows. The centre itself is measured later (on the
 * training images, or a gallery's trained classes), giving a {@link FeatureSpec}. Immutable.
 */
public record FeatureChoice(FeatureTap tap, boolean centred) {
  private static final String CL2N = "+cl2n";

  /**
   * Parses {@code TAP[+cl2n]}.
   *
   * @throws InvalidOptionException naming the field {@code features} and the valid forms
   */
  public static FeatureChoice parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    boolean c = t.endsWith(CL2N);
    try {
      return new FeatureChoice(
          FeatureTap.parse(c ? t.substring(0, t.length() - CL2N.length()) : t), c);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "{features}: '" + s + "' is not embedding, pooled or stages, optionally +cl2n", e);
    }
  }

  /** As written: {@code pooled+cl2n}. */
  public String label() {
    return tap.cliName() + (centred ? CL2N : "");
  }
}
