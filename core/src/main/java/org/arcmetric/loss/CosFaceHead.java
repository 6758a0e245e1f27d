package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;

/**
 * CosFace / large-margin cosine loss (Wang et al., CVPR 2018): the target logit is {@code s · (cos
 * θ_y − m)}, an additive margin on the cosine (not the angle). Defaults s = 30, m = 0.35. Finite
 * everywhere: no square root, no arccosine.
 *
 * <p>A <b>negative</b> margin is allowed (Liu et al., ECCV 2020, "Negative Margin Matters:
 * Understanding Margin in Few-shot Classification"): {@code m < 0} adds to the target cosine, so
 * the training classes are separated less tightly and features keep more of what unseen classes
 * need; the paper's miniImageNet 5-shot accuracy rose from 75.7% (m = 0) to 80.9% at m = −0.02 (its
 * scale and margin are on the cosine, as here).
 */
public final class CosFaceHead extends MarginHead {
  private final float margin;

  /**
   * @param margin m, subtracted from the target cosine, in (−1, 1); negative for the few-shot
   *     "negative margin"
   */
  public CosFaceHead(int numClasses, float scale, float margin) {
    super(numClasses, scale);
    if (!(margin > -1 && margin < 1)) {
      throw new IllegalArgumentException("CosFace margin m must be in (-1, 1), got " + margin);
    }
    this.margin = margin;
  }

  public float margin() {
    return margin;
  }

  @Override
  protected NDArray targetLogit(NDArray cos) {
    return cos.sub(margin * marginFactor());
  }
}
