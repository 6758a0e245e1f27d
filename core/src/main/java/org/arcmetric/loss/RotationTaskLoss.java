package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The class loss plus λ times the rotation head's cross-entropy: {@code L = L_class(y, z) + λ ·
 * mean_i(−log softmax(q_i)_{r_i})}, with z the class head's outputs, q the rotation logits {@code
 * (N, 4)} of {@link RotationHead} (the last prediction) and r the turn of each image (the second
 * label). λ = {@code weight} ≥ 0. Stateless apart from the class loss.
 */
public final class RotationTaskLoss extends Loss {
  private final Loss classLoss;
  private final float weight;

  /**
   * @param classLoss the loss of the class head (sees the class labels and the predictions before
   *     the rotation logits)
   * @param weight λ, at least 0
   */
  public RotationTaskLoss(Loss classLoss, float weight) {
    super("loss");
    if (!(weight >= 0)) {
      throw new IllegalArgumentException("the rotation weight must not be negative, got " + weight);
    }
    this.classLoss = classLoss;
    this.weight = weight;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    int last = predictions.size() - 1;
    NDList classPredictions = new NDList(predictions.subList(0, last));
    NDArray c = classLoss.evaluate(new NDList(labels.get(0)), classPredictions);
    return c.add(rotationLoss(labels.get(1), predictions.get(last)).mul(weight));
  }

  /** Mean over the batch of {@code −log softmax(q_i)_{r_i}}; q {@code (N, 4)}, r {@code (N)}. */
  static NDArray rotationLoss(NDArray turn, NDArray logits) {
    NDArray logp = logits.logSoftmax(1);
    NDArray oneHot =
        turn.toType(DataType.INT64, false).oneHot(RotationHead.TURNS, DataType.FLOAT32);
    return logp.mul(oneHot).sum(new int[] {1}).neg().mean();
  }
}
