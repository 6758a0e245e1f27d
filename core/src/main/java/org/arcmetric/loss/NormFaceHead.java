package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;

/**
 * NormFace / normalised softmax (Wang et al., ACM MM 2017): softmax over {@code s · cos θ} with no
 * margin, the baseline that isolates what the margins add. Default s = 30.
 */
public final class NormFaceHead extends MarginHead {
  public NormFaceHead(int numClasses, float scale) {
    super(numClasses, scale);
  }

  @Override
  protected NDArray targetLogit(NDArray cos) {
    return cos;
  }
}
