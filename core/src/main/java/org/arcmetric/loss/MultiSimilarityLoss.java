package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Multi-similarity loss with its pair mining (Wang et al., CVPR 2019), on cosine similarities
 * {@code S}:
 *
 * <pre>
 *   L = 1/N Σ_i [ 1/α · log(1 + Σ_{k∈P_i} exp(−α (S_ik − λ)))
 *               + 1/β · log(1 + Σ_{k∈N_i} exp( β (S_ik − λ))) ]
 * </pre>
 *
 * where the mined negatives N_i are those with {@code S_ik + ε > min_{P_i} S} and the mined
 * positives P_i those with {@code S_ik − ε < max_{N_i} S}. Defaults α = 2, β = 50, λ = 0.5, ε = 0.1
 * (the paper's). Predictions {@code (N, d)}, labels {@code (N)}.
 */
public final class MultiSimilarityLoss extends Loss {
  private final float alpha;
  private final float beta;
  private final float base;
  private final float epsilon;

  public MultiSimilarityLoss(float alpha, float beta, float base, float epsilon) {
    super("multi-similarity");
    if (!(alpha > 0 && beta > 0 && epsilon >= 0)) {
      throw new IllegalArgumentException("multi-similarity needs α > 0, β > 0, ε ≥ 0");
    }
    this.alpha = alpha;
    this.beta = beta;
    this.base = base;
    this.epsilon = epsilon;
  }

  /** The paper's defaults. */
  public MultiSimilarityLoss() {
    this(2f, 50f, 0.5f, 0.1f);
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray s = Distance.similarities(predictions.head());
    PairMasks m = PairMasks.of(labels.head()).as(s);
    // mining thresholds, taken as constants (no gradient through the choice of pairs)
    NDArray minPositive =
        s.add(m.positive().neg().add(1f).mul(10f)).min(new int[] {1}, true).stopGradient();
    NDArray maxNegative =
        s.sub(m.negative().neg().add(1f).mul(10f)).max(new int[] {1}, true).stopGradient();
    NDArray negKept =
        s.add(epsilon).gt(minPositive).toType(s.getDataType(), false).mul(m.negative());
    NDArray posKept =
        s.sub(epsilon).lt(maxNegative).toType(s.getDataType(), false).mul(m.positive());
    NDArray posTerm =
        s.sub(base).mul(-alpha).exp().mul(posKept).sum(new int[] {1}).add(1f).log().div(alpha);
    NDArray negTerm =
        s.sub(base).mul(beta).exp().mul(negKept).sum(new int[] {1}).add(1f).log().div(beta);
    return posTerm.add(negTerm).mean();
  }
}
