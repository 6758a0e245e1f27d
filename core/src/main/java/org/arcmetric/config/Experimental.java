package org.arcmetric.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Research knobs of the self-supervised rotation task: off by default, set as {@code -X KEY=VALUE}
 * (research/ablations.md says what they did). Immutable.
 *
 * @param rotationLabels the head learns 4·C (class, rotation) classes
 * @param rotationClassTerm with rotation labels: the class marginal's cross-entropy added
 * @param rotationHeadWeight λ of an auxiliary 4-way rotation head beside the class head (0: none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experimental(
    boolean rotationLabels, boolean rotationClassTerm, float rotationHeadWeight) {

  /** None of them. */
  public static final Experimental NONE = new Experimental(false, true, 0f);

  /** Whether a rotation head learns the turn of each image beside the class head. */
  public boolean rotationHead() {
    return rotationHeadWeight > 0;
  }
}
