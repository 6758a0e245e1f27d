package org.arcmetric.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * A requested kind of features, as written {@code TAP[+cl2n|+zca]} (e.g. {@code pooled+cl2n}): the
 * {@link FeatureTap}, whether CL2N centring follows, and whether ZCA whitening follows the centring
 * ({@code +zca}, which implies centring). The centre and whitening are measured later (on the
 * training images, or a gallery's trained classes), giving a {@link FeatureSpec}. In JSON ({@code
 * model.json}'s recipe): {@code features: embedding+zca}, with {@code zca_shrinkage} and {@code
 * zca_between_weight} when whitened. Immutable.
 *
 * @param whitened centred and then whitened ({@link Whitening}); implies {@code centred}
 * @param shrinkage the whitening's ε as a fraction of the covariance's mean eigenvalue ({@link
 *     Whitening#zca}), in (0, {@link #MAX_SHRINKAGE}]; larger keeps more of the covariance's shape
 *     (toward plain centring), smaller whitens harder. Unused without whitening.
 * @param betweenWeight β of the whitening's {@code Σ_w + β·Σ_b} ({@link Whitening}), in [0, 1]: 1
 *     whitens by the whole covariance, less keeps more of the trained classes' separation. Unused
 *     without whitening.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureChoice(
    @JsonIgnore FeatureTap tap,
    @JsonIgnore boolean centred,
    @JsonIgnore boolean whitened,
    @JsonIgnore double shrinkage,
    @JsonIgnore double betweenWeight) {
  private static final String CL2N = "+cl2n";
  private static final String ZCA = "+zca";

  /** The largest shrinkage taken: at 10 the whitening is nearly plain centring. */
  public static final double MAX_SHRINKAGE = 10;

  public FeatureChoice {
    if (whitened && !centred) {
      throw new IllegalArgumentException("whitening implies centring");
    }
    InvalidOptionException.require(
        shrinkage > 0 && shrinkage <= MAX_SHRINKAGE,
        "{zcaShrinkage} must be in (0, " + (int) MAX_SHRINKAGE + "], got " + shrinkage);
    InvalidOptionException.require(
        betweenWeight >= 0 && betweenWeight <= 1,
        "{zcaBetweenWeight} must be in [0, 1], got " + betweenWeight);
  }

  /**
   * {@code tap}, centred or whitened as asked, at {@link Whitening#DEFAULT_SHRINKAGE} and {@link
   * Whitening#DEFAULT_BETWEEN_WEIGHT}.
   */
  public static FeatureChoice of(FeatureTap tap, boolean centred, boolean whitened) {
    return new FeatureChoice(
        tap, centred, whitened, Whitening.DEFAULT_SHRINKAGE, Whitening.DEFAULT_BETWEEN_WEIGHT);
  }

  /**
   * The same features whitened at {@code shrinkage} instead.
   *
   * @throws InvalidOptionException naming {@code zcaShrinkage} when these features are not
   *     whitened, or the value is out of range
   */
  public FeatureChoice withShrinkage(double shrinkage) {
    requireWhitened("zcaShrinkage");
    return new FeatureChoice(tap, centred, whitened, shrinkage, betweenWeight);
  }

  /**
   * The same features whitened with the between-class scatter weighed by {@code weight}.
   *
   * @throws InvalidOptionException naming {@code zcaBetweenWeight} when these features are not
   *     whitened, or the value is out of range
   */
  public FeatureChoice withBetweenWeight(double weight) {
    requireWhitened("zcaBetweenWeight");
    return new FeatureChoice(tap, centred, whitened, shrinkage, weight);
  }

  private void requireWhitened(String field) {
    InvalidOptionException.require(
        whitened,
        "{" + field + "} applies to whitened features (TAP+zca), not {features} " + label());
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
      return of(FeatureTap.parse(tap), c || z, z);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "{features}: '" + s + "' is not embedding, pooled or stages, optionally +cl2n or +zca",
          e);
    }
  }

  /**
   * The choice as {@code model.json} writes it ({@link #label}, {@link #zcaShrinkage}, {@link
   * #zcaBetweenWeight}).
   *
   * @throws InvalidOptionException naming the field that is wrong
   */
  @JsonCreator
  public static FeatureChoice fromJson(
      @JsonProperty("features") String features,
      @JsonProperty("zca_shrinkage") Double zcaShrinkage,
      @JsonProperty("zca_between_weight") Double zcaBetweenWeight) {
    InvalidOptionException.require(features != null, "{features} is missing");
    FeatureChoice c = parse(features);
    if (zcaShrinkage != null) {
      c = c.withShrinkage(zcaShrinkage);
    }
    if (zcaBetweenWeight != null) {
      c = c.withBetweenWeight(zcaBetweenWeight);
    }
    return c;
  }

  /** The whitening's shrinkage when whitened, else null (as {@code model.json} records it). */
  @JsonProperty("zca_shrinkage")
  public Double zcaShrinkage() {
    return whitened ? shrinkage : null;
  }

  /** The whitening's β when whitened, else null (as {@code model.json} records it). */
  @JsonProperty("zca_between_weight")
  public Double zcaBetweenWeight() {
    return whitened ? betweenWeight : null;
  }

  /** As written: {@code pooled+cl2n}, {@code embedding+zca}. */
  @JsonProperty("features")
  public String label() {
    return tap.cliName() + (whitened ? ZCA : centred ? CL2N : "");
  }

  /**
   * The features of this kind measured on {@code base}: the plain tap's unit vectors of the base
   * classes' images (n × d), of classes {@code labels} (one per row). CL2N's μ is their mean;
   * {@code +zca} adds their whitening ({@link Whitening#zca} at {@link #shrinkage} and {@link
   * #betweenWeight}). Without centring nothing is measured.
   */
  public FeatureSpec measure(float[][] base, List<String> labels) {
    if (!centred) {
      return FeatureSpec.of(tap, null);
    }
    float[] mu = Whitening.mean(base);
    return whitened
        ? FeatureSpec.whitened(tap, mu, Whitening.zca(base, labels, mu, shrinkage, betweenWeight))
        : FeatureSpec.of(tap, mu);
  }
}
