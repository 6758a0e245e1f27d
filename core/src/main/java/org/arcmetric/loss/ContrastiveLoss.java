package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Contrastive loss (Hadsell, Chopra and LeCun, CVPR 2006) over all pairs of a batch:
 *
 * <pre>
 *   L = mean over positive pairs of [d − m_pos]₊  +  mean over negative pairs of [m_neg − d]₊
 * </pre>
 *
 * pulling same-class embeddings within {@code m_pos} and pushing other classes beyond {@code
 * m_neg}. Predictions: {@code (N, d)} embeddings; labels: {@code (N)} class indices. A batch
 * without positive (or negative) pairs contributes 0 for that term.
 */
public final class ContrastiveLoss extends Loss {
  private final Distance distance;
  private final float positiveMargin;
  private final float negativeMargin;

  public ContrastiveLoss(Distance distance, float positiveMargin, float negativeMargin) {
    super("contrastive");
    if (!(positiveMargin >= 0 && negativeMargin > positiveMargin)) {
      throw new IllegalArgumentException("contrastive margins need 0 ≤ m_pos < m_neg");
    }
    this.distance = distance;
    this.positiveMargin = positiveMargin;
    this.negativeMargin = negativeMargin;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray x = predictions.head();
    NDArray d = distance.pairwise(x);
    PairMasks m = PairMasks.of(labels.head()).as(d);
    NDArray pos = d.sub(positiveMargin).maximum(0f).mul(m.positive()).sum();
    NDArray neg = d.neg().add(negativeMargin).maximum(0f).mul(m.negative()).sum();
    return pos.div(m.positive().sum().maximum(1f)).add(neg.div(m.negative().sum().maximum(1f)));
  }
}
