package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against smoothed targets (Szegedy et al., 2016, "Rethinking the Inception
 * architecture", section 7): for logits z of C classes and label y, {@code L = mean_i Σ_j −q_ij ·
 * log softmax(z_i)_j} with {@code q_ij = (1 − ε) · [j = y_i] + ε / C}. ε = {@code epsilon} in [0,
 * 1); ε = 0 is the plain cross-entropy of DJL's {@code SoftmaxCrossEntropyLoss}. With a margin head
 * z are its scaled, margin-shifted cosines, so only the target's logit carries the margin.
 * Stateless and thread-safe.
 */
public final class LabelSmoothingLoss extends Loss {
  private final float epsilon;

  /**
   * @param epsilon ε, the probability mass spread evenly over all classes, in [0, 1)
   */
  public LabelSmoothingLoss(float epsilon) {
    super("loss");
    if (!(epsilon >= 0 && epsilon < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
    }
    this.epsilon = epsilon;
  }

  /** ε. */
  public float epsilon() {
    return epsilon;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logp = predictions.singletonOrThrow().toType(DataType.FLOAT32, false).logSoftmax(1);
    int classes = (int) logp.getShape().get(1);
    NDArray target =
        labels
            .singletonOrThrow()
            .toType(DataType.INT64, false)
            .oneHot(classes, DataType.FLOAT32)
            .mul(1 - epsilon)
            .add(epsilon / classes);
    return logp.mul(target).sum(new int[] {1}).neg().mean();
  }
}
