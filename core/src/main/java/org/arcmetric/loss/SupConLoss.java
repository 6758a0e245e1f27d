package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Supervised contrastive loss (Khosla et al., NeurIPS 2020, the "L_out" form), on the cosine
 * similarities {@code S} of a batch's embeddings with temperature τ:
 *
 * <pre>
 *   L = 1/|A| Σ_{i∈A} −1/|P(i)| Σ_{p∈P(i)} log( exp(S_ip/τ) / Σ_{a≠i} exp(S_ia/τ) )
 * </pre>
 *
 * where P(i) are the other images of i's class in the batch and A the anchors that have at least
 * one ({@code imagesPerClass} ≥ 2 in the P × K sampler guarantees every anchor does). Every other
 * image of the batch is in the denominator, so each anchor is pulled to all its positives at once
 * and pushed from all negatives, weighted by how close they are. τ = 0.1 by default (the paper uses
 * 0.07–0.1). Predictions {@code (N, d)} (normalised here), labels {@code (N)}. Stateless and
 * thread-safe.
 */
public final class SupConLoss extends Loss {
  private final float temperature;

  /**
   * @param temperature τ, above 0
   */
  public SupConLoss(float temperature) {
    super("supcon");
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("supcon needs a temperature above 0, got " + temperature);
    }
    this.temperature = temperature;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray s = Distance.similarities(predictions.head()).div(temperature);
    PairMasks m = PairMasks.of(labels.head()).as(s);
    // every a ≠ i: positives and negatives together (the diagonal is in neither mask)
    NDArray others = m.positive().add(m.negative());
    // a stable log-sum-exp over the others: shift each row by its maximum (a constant)
    NDArray shift = s.max(new int[] {1}, true).stopGradient();
    NDArray shifted = s.sub(shift);
    NDArray logDenominator = shifted.exp().mul(others).sum(new int[] {1}, true).log(); // (N, 1)
    NDArray logProb = shifted.sub(logDenominator);
    NDArray positives = m.positive().sum(new int[] {1}); // |P(i)|
    NDArray hasPositive = positives.gt(0f).toType(s.getDataType(), false);
    NDArray meanLogProb = logProb.mul(m.positive()).sum(new int[] {1}).div(positives.maximum(1f));
    NDArray anchors = hasPositive.sum().maximum(1f);
    return meanLogProb.mul(hasPositive).sum().neg().div(anchors);
  }
}
