package org.arcmetric.model;

import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * A requested kind of features, as written {@code TAP[+cl2n|+zca]} (e.g. {@code pooled+cl2n}): the
 * {@link FeatureTap}, whether CL2N centring follows, and whether ZCA whitening follows the centring
 * ({@code +zca}, which implies centring). The centre and whitening are measured later (on the
 * training images, or a gallery's trained classes), giving a {@link FeatureSpec}. Immutable.
 *
 * @param whitened centred and then whitened ({@link Whitening}); implies {@code centred}
 */
public record FeatureChoice(FeatureTap tap, boolean centred, boolean whitened) {
  private static final String CL2N = "+cl2n";
  private static final String ZCA = "+zca";

  public FeatureChoice {
    if (whitened && !centred) {
      throw new IllegalArgumentException("whitening implies centring");
    }
  }

  /**
   * Parses {@code TAP[+cl2n|+zca]}.
   *
   * @throws InvalidOptionException naming the field {@code features} and the valid forms
   */
  public static FeatureChoice parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    boolean c = t.endsWith(CL2N);
    boolean z = t.endsWith(ZCA);
    String tap =
        c
            ? t.substring(0, t.length() - CL2N.length())
            : z ? t.substring(0, t.length() - ZCA.length()) : t;
    try {
      return new FeatureChoice(FeatureTap.parse(tap), c || z, z);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "{features}: '" + s + "' is not embedding, pooled or stages, optionally +cl2n or +zca",
          e);
    }
  }

  /** As written: {@code pooled+cl2n}, {@code embedding+zca}. */
  public String label() {
    return tap.cliName() + (whitened ? ZCA : centred ? CL2N : "");
  }

  /**
   * The features of this kind measured on {@code base}: the plain tap's unit vectors of the base
   * classes' images (n × d). CL2N's μ is their mean; {@code +zca} adds their whitening ({@link
   * Whitening#zca} at {@link Whitening#DEFAULT_SHRINKAGE}). Without centring nothing is measured.
   */
  public FeatureSpec measure(float[][] base) {
    if (!centred) {
      return FeatureSpec.of(tap, null);
    }
    float[] mu = Whitening.mean(base);
    return whitened
        ? FeatureSpec.whitened(tap, mu, Whitening.zca(base, mu, Whitening.DEFAULT_SHRINKAGE))
        : FeatureSpec.of(tap, mu);
  }
}
