package org.arcmetric.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Research knobs, set as {@code -X KEY=VALUE} (research/ablations.md says what they did): off by
 * default, except Lookahead and Nesterov momentum, which {@code convnet-small}'s recipe turns on
 * ({@code train.DefaultRecipe}; recorded here as before, so that older files read the same).
 * Immutable.
 *
 * @param rotationLabels the head learns 4·C (class, rotation) classes
 * @param rotationClassTerm with rotation labels: the class marginal's cross-entropy added
 * @param rotationHeadWeight λ of an auxiliary 4-way rotation head beside the class head (0: none)
 * @param labelSmoothing ε of label smoothing in the class head's cross-entropy (0: none; {@code
 *     loss.LabelSmoothingLoss})
 * @param shiftViews true when the model embeds each image averaged with its four shifted copies
 *     ({@code features.FeatureSpec#shifts}); null (absent from files written before it) for not
 * @param lookahead true when training pulled the weights to their running average every few steps
 *     ({@code train.Lookahead}); null (absent from files written before it) for not
 * @param nesterov true when SGD took Nesterov's momentum ({@code train.NesterovSgd}); null (absent
 *     from files written before it) for not
 * @param normBiasFactor airbench's BatchNorm rule: the built-in backbone's BatchNorm shifts β
 *     trained at this multiple of the learning rate and their weight decay divided by it (the same
 *     decay per step), its BatchNorm scales γ fixed at 1 ({@code train.NormBiasRule}); null (absent
 *     from files written before it) for off
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experimental(
    boolean rotationLabels,
    boolean rotationClassTerm,
    float rotationHeadWeight,
    float labelSmoothing,
    Boolean shiftViews,
    Boolean lookahead,
    Boolean nesterov,
    Float normBiasFactor) {

  /** None of them. */
  public static final Experimental NONE =
      new Experimental(false, true, 0f, 0f, null, null, null, null);

  public Experimental {
    shiftViews = Boolean.TRUE.equals(shiftViews) ? Boolean.TRUE : null;
    lookahead = Boolean.TRUE.equals(lookahead) ? Boolean.TRUE : null;
    nesterov = Boolean.TRUE.equals(nesterov) ? Boolean.TRUE : null;
    normBiasFactor = normBiasFactor == null || normBiasFactor == 1f ? null : normBiasFactor;
  }

  /** The factor of the BatchNorm rule, 1 when it is off. */
  @JsonIgnore
  public float normBiasRate() {
    return normBiasFactor == null ? 1f : normBiasFactor;
  }

  /** Whether SGD uses Nesterov's momentum. */
  @JsonIgnore
  public boolean nesterovMomentum() {
    return nesterov != null;
  }

  /** Whether training averages the weights with {@code train.Lookahead}. */
  @JsonIgnore
  public boolean averaged() {
    return lookahead != null;
  }

  /** Whether the model embeds each image averaged with its shifted copies. */
  @JsonIgnore
  public boolean shifted() {
    return shiftViews != null;
  }

  /** Whether a rotation head learns the turn of each image beside the class head. */
  public boolean rotationHead() {
    return rotationHeadWeight > 0;
  }
}
