package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;

/**
 * What a model folder's embedder outputs: a {@link FeatureTap} and, optionally, the centring of
 * SimpleShot's "CL2N" (Wang et al. 2019, "SimpleShot: Revisiting Nearest-Neighbor Classification
 * for Few-Shot Learning"): {@code v' = (v − μ) / ‖v − μ‖}, where {@code v} is the tapped vector
 * after L2 normalisation and {@code μ} the mean of those vectors over the training images (the
 * "base classes"), fixed when the model is trained so that every gallery and query of the model
 * uses the same transform.
 *
 * @param tap which activation
 * @param centre μ, one value per feature, or null for no centring
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(String tap, float[] centre) {
  /** The features of models trained before feature taps existed: the embedding, not centred. */
  public static final FeatureSpec DEFAULT = new FeatureSpec(FeatureTap.EMBEDDING.cliName(), null);

  public FeatureSpec {
    FeatureTap.parse(tap);
    centre = centre == null ? null : centre.clone();
  }

  public static FeatureSpec of(FeatureTap tap, float[] centre) {
    return new FeatureSpec(tap.cliName(), centre);
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

  /** The same tap with centring {@code μ} (or none for null). */
  public FeatureSpec withCentre(float[] mu) {
    return new FeatureSpec(tap, mu);
  }

  /** A short name for tables and fingerprints: {@code embedding}, {@code pooled+cl2n}, ... */
  @JsonIgnore
  public String label() {
    return tap + (centre == null ? "" : "+cl2n");
  }

  /**
   * Applies the centring to unit vector {@code v} in place and returns it: {@code (v − μ) / ‖v −
   * μ‖}; a vector equal to μ stays the zero vector. Without centring, returns {@code v} unchanged.
   */
  public float[] apply(float[] v) {
    if (centre == null) {
      return v;
    }
    if (v.length != centre.length) {
      throw new IllegalArgumentException(
          "features.centre has " + centre.length + " values but the features have " + v.length);
    }
    double sq = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] -= centre[i];
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
    return o instanceof FeatureSpec f && f.tap.equals(tap) && Arrays.equals(f.centre, centre);
  }

  @Override
  public int hashCode() {
    return tap.hashCode() * 31 + Arrays.hashCode(centre);
  }

  @Override
  public String toString() {
    return label();
  }
}
