package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The loss for rotation labels with the class task kept whole: the joint loss over the 4·C (class,
 * turn) logits {@code z_{4c+r}} (any classifying loss, e.g. softmax cross-entropy) plus the
 * cross-entropy of the class marginal, {@code −log softmax_c(ℓ)_y} with {@code ℓ_c = log Σ_r exp
 * z_{4c+r}} (the log-sum-exp over the four turns of class c) and {@code y = ⌊label / 4⌋}. The joint
 * term makes the features keep orientation (self-supervision); the marginal term weights the class
 * decision as much as a plain C-way head would, so the trained classes are not traded away.
 *
 * <p>Predictions: the head's logits {@code (N, 4C)} first (further outputs are passed to the joint
 * loss); labels {@code (N)} joint indices. Stateless apart from the joint loss.
 */
public final class RotationMarginalLoss extends Loss {
  private final Loss joint;

  public RotationMarginalLoss(Loss joint) {
    super("loss");
    this.joint = joint;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray jointLoss = joint.evaluate(labels, predictions);
    return jointLoss.add(classMarginalLoss(labels.singletonOrThrow(), predictions.get(0)));
  }

  /** Mean over the batch of {@code −log softmax_c(ℓ)_{⌊label/4⌋}}; logits {@code (N, 4C)}. */
  static NDArray classMarginalLoss(NDArray label, NDArray logits) {
    long n = logits.getShape().get(0);
    long classes = logits.getShape().get(1) / 4;
    NDArray grouped = logits.reshape(n, classes, 4);
    NDArray max = grouped.max(new int[] {2}, true);
    NDArray lse = grouped.sub(max).exp().sum(new int[] {2}).log().add(max.squeeze(2));
    NDArray logp = lse.logSoftmax(1);
    NDArray y = label.toType(DataType.FLOAT32, false).div(4).floor().toType(DataType.INT64, false);
    NDArray picked = logp.mul(y.oneHot((int) classes, DataType.FLOAT32)).sum(new int[] {1});
    return picked.neg().mean();
  }
}
