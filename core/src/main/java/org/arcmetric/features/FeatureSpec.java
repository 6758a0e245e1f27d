package org.arcmetric.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;

/**
 * What a model folder's embedder outputs: a {@link FeatureTap} and, optionally, the centring of
 * SimpleShot's "CL2N" (Wang et al. 2019, "SimpleShot: Revisiting Nearest-Neighbor Classification
 * for Few-Shot Learning"): {@code v' = (v − μ) / ‖v − μ‖}, where {@code v} is the tapped vector
 * after L2 normalisation and {@code μ} the mean of those vectors over the training images (the
 * "base classes"), fixed when the model is trained so that every gallery and query of the model
 * uses the same transform; optionally followed by shrunk ZCA whitening ({@link Whitening}): {@code
 * v' = W (v − μ) / ‖W (v − μ)‖} with W the d × d matrix {@code (Σ + εI)^(−1/2)} of the same base
 * vectors ({@code +zca}).
 *
 * <p>Optionally the network's output is first averaged over the image and its mirror image ({@code
 * mirror}): {@code v = (f(x) + f(flip(x))) / ‖f(x) + f(flip(x))‖}, test-time augmentation for a
 * network trained with left-right flips (so both views are images it learnt from); the centre and
 * whitening are then measured on such averaged vectors. Optionally also over the image moved by
 * {@code t} pixels left, right, up and down ({@code shifts}; black comes in at the edge, as in
 * training's pad-and-crop; {@code t = max(1, round(min(H, W) / 14))}): {@code v} is then the
 * normalised sum of the 5 (or, mirrored too, 10) views' unit vectors.
 *
 * @param tap which activation
 * @param centre μ, one value per feature, or null for no centring
 * @param whitening W, d × d row-major ({@code W[i·d + j]}), or null for none; needs {@code centre}
 * @param mirror true to average each image with its mirror image; null (absent in folders written
 *     before it existed) or false for the image alone
 * @param shifts true to average each image with its four shifted copies; null (absent in folders
 *     written before it existed) or false for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
    String tap, float[] centre, float[] whitening, Boolean mirror, Boolean shifts) {
  /** The features of models trained before feature taps existed: the embedding, not centred. */
  public static final FeatureSpec DEFAULT =
      new FeatureSpec(FeatureTap.EMBEDDING.cliName(), null, null);

  /** Without the mirror image or shifted copies. */
  public FeatureSpec(String tap, float[] centre, float[] whitening) {
    this(tap, centre, whitening, null, null);
  }

  /** Without shifted copies. */
  public FeatureSpec(String tap, float[] centre, float[] whitening, Boolean mirror) {
    this(tap, centre, whitening, mirror, null);
  }

  @JsonCreator
  public FeatureSpec {
    mirror = Boolean.TRUE.equals(mirror) ? Boolean.TRUE : null;
    shifts = Boolean.TRUE.equals(shifts) ? Boolean.TRUE : null;
    FeatureTap.parse(tap);
    centre = centre == null ? null : centre.clone();
    whitening = whitening == null ? null : whitening.clone();
    if (whitening != null
        && (centre == null || whitening.length != centre.length * centre.length)) {
      throw new IllegalArgumentException(
          "features.whitening must hold d × d values for the d = "
              + (centre == null ? "(missing)" : String.valueOf(centre.length))
              + " values of features.centre, got "
              + whitening.length);
    }
  }

  /** {@code tap}, CL2N-centred on {@code centre} (or not, for null), not whitened. */
  public static FeatureSpec of(FeatureTap tap, float[] centre) {
    return new FeatureSpec(tap.cliName(), centre, null);
  }

  /** {@code tap}, centred on {@code centre} and whitened by {@code whitening} (d × d). */
  public static FeatureSpec whitened(FeatureTap tap, float[] centre, float[] whitening) {
    return new FeatureSpec(tap.cliName(), centre, whitening);
  }

  @JsonIgnore
  public FeatureTap featureTap() {
    return FeatureTap.parse(tap);
  }

  /** Whether CL2N centring is applied. */
  @JsonIgnore
  public boolean centred() {
    return centre != null;
  }

  /** Whether ZCA whitening follows the centring. */
  @JsonIgnore
  public boolean whitened() {
    return whitening != null;
  }

  /** Whether each image is averaged with its mirror image ({@link #mirror()}). */
  @JsonIgnore
  public boolean mirrored() {
    return mirror != null;
  }

  /** Whether each image is averaged with its four shifted copies ({@link #shifts()}). */
  @JsonIgnore
  public boolean shifted() {
    return shifts != null;
  }

  /** How many views of each image are embedded and averaged: 1, 2, 5 or 10. */
  @JsonIgnore
  public int views() {
    return (mirrored() ? 2 : 1) * (shifted() ? 5 : 1);
  }

  /** The same tap and views with centring {@code μ} (or none for null), not whitened. */
  public FeatureSpec withCentre(float[] mu) {
    return new FeatureSpec(tap, mu, null, mirror, shifts);
  }

  /** The same tap and views, centred on {@code mu} and whitened by {@code w} (d × d). */
  public FeatureSpec withWhitening(float[] mu, float[] w) {
    return new FeatureSpec(tap, mu, w, mirror, shifts);
  }

  /** The same, with the mirror image averaged in or not. */
  public FeatureSpec withMirror(boolean mirrored) {
    return new FeatureSpec(tap, centre, whitening, mirrored, shifts);
  }

  /** The same, with the four shifted copies averaged in or not. */
  public FeatureSpec withShifts(boolean shifted) {
    return new FeatureSpec(tap, centre, whitening, mirror, shifted);
  }

  /**
   * The same tap and centring with the views of {@code other} (its mirroring and shifts), which
   * belong to the trained model rather than to the features asked for.
   */
  public FeatureSpec withViewsOf(FeatureSpec other) {
    return new FeatureSpec(tap, centre, whitening, other.mirror, other.shifts);
  }

  /**
   * A short name for tables and fingerprints: {@code embedding}, {@code pooled+cl2n}, {@code
   * embedding+zca}, ...
   */
  @JsonIgnore
  public String label() {
    return tap + (whitening != null ? "+zca" : centre == null ? "" : "+cl2n");
  }

  /**
   * Applies the centring (and whitening) to unit vector {@code v} in place and returns it: {@code
   * (v − μ) / ‖v − μ‖}, or {@code W (v − μ) / ‖W (v − μ)‖}; a vector equal to μ stays the zero
   * vector. Without centring, returns {@code v} unchanged.
   */
  public float[] apply(float[] v) {
    if (centre == null) {
      return v;
    }
    if (v.length != centre.length) {
      throw new IllegalArgumentException(
          "features.centre has " + centre.length + " values but the features have " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      v[i] -= centre[i];
    }
    if (whitening != null) {
      int d = v.length;
      float[] x = v.clone();
      for (int i = 0; i < d; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += (double) whitening[i * d + j] * x[j];
        }
        v[i] = (float) s;
      }
    }
    double sq = 0;
    for (int i = 0; i < v.length; i++) {
      sq += (double) v[i] * v[i];
    }
    if (sq > 0) {
      float inv = (float) (1 / Math.sqrt(sq));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSpec f
        && f.tap.equals(tap)
        && Arrays.equals(f.centre, centre)
        && Arrays.equals(f.whitening, whitening)
        && f.mirrored() == mirrored()
        && f.shifted() == shifted();
  }

  @Override
  public int hashCode() {
    return ((tap.hashCode() * 31 + Arrays.hashCode(centre)) * 31 + Arrays.hashCode(whitening)) * 4
        + (mirrored() ? 1 : 0)
        + (shifted() ? 2 : 0);
  }

  @Override
  public String toString() {
    return label();
  }
}
