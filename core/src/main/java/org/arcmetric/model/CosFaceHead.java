package org.arcmetric.model;

import ai.djl.ndarray.NDArray;

/**
 * CosFace / large-margin cosine loss (Wang et al., CVPR 2018): the target logit is {@code s · (cos
 * θ_y − m)}, an additive margin on the cosine (not the angle). Defaults s = 30, m = 0.35. Finite
 * everywhere: no square root, no arccosine.
 */
public final class CosFaceHead extends MarginHead {
  private final float margin;

  /**
   * @param margin m, subtracted from the target cosine, in [0, 1)
   */
  public CosFaceHead(int numClasses, float scale, float margin) {
    super(numClasses, scale);
    if (!(margin >= 0 && margin < 1)) {
      throw new IllegalArgumentException("CosFace margin m must be in [0, 1), got " + margin);
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
