package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.arcmetric.options.Choices;

/**
 * Triplet loss (Schroff, Kalenichenko and Philbin, FaceNet, CVPR 2015) with in-batch mining: {@code
 * [d(a, p) − d(a, n) + m]₊}, margin m (default 0.2).
 *
 * <ul>
 *   <li>{@code batch-hard} (Hermans et al. 2017): per anchor, its farthest positive and nearest
 *       negative; the mean over anchors that have both.
 *   <li>{@code semi-hard} (FaceNet): per positive pair (a, p), the nearest negative that is still
 *       farther than p ({@code d(a, n) > d(a, p)}); if there is none, the farthest negative; the
 *       mean over positive pairs.
 * </ul>
 *
 * Predictions {@code (N, d)}, labels {@code (N)}; a batch without positives or negatives gives 0.
 */
public final class TripletLoss extends Loss {
  /** How triplets are chosen in a batch. */
  public enum Mining {
    BATCH_HARD,
    SEMI_HARD;

    public static Mining parse(String s) {
      return Choices.parse(Mining.class, s, "mining");
    }
  }

  /** Larger than any distance in [0, 2]: pushes masked entries out of a max or min. */
  private static final float BIG = 10f;

  private final Distance distance;
  private final float margin;
  private final Mining mining;

  public TripletLoss(Distance distance, float margin, Mining mining) {
    super("triplet");
    if (!(margin > 0)) {
      throw new IllegalArgumentException("triplet margin must be positive, got " + margin);
    }
    this.distance = distance;
    this.margin = margin;
    this.mining = mining;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray d = distance.pairwise(predictions.head());
    PairMasks m = PairMasks.of(labels.head()).as(d);
    if (mining == Mining.BATCH_HARD) {
      return batchHard(d, m);
    }
    // A batch may hold no semi-hard triplet at all: its loss is then a constant 0, and DJL's
    // check of the first step refuses a step whose gradients are all zero. A term of 1e-12 · mean
    // x² (x unit vectors: about 1e-12 / d, below float precision of any loss) keeps a gradient
    // without changing what is learnt.
    return semiHard(d, m).add(predictions.head().square().mean().mul(1e-12f));
  }

  private NDArray batchHard(NDArray d, PairMasks m) {
    NDArray hardestPositive =
        d.mul(m.positive()).sub(m.positive().neg().add(1f).mul(BIG)).max(new int[] {1});
    NDArray hardestNegative = d.add(m.negative().neg().add(1f).mul(BIG)).min(new int[] {1});
    NDArray valid =
        m.positive().max(new int[] {1}).mul(m.negative().max(new int[] {1})); // has both
    NDArray loss = hardestPositive.sub(hardestNegative).add(margin).maximum(0f).mul(valid);
    return loss.sum().div(valid.sum().maximum(1f));
  }

  private NDArray semiHard(NDArray d, PairMasks m) {
    long n = d.getShape().get(0);
    NDArray dap = d.reshape(n, n, 1); // [a, p, ·]
    NDArray dan = d.reshape(n, 1, n); // [a, ·, n]
    NDArray neg = m.negative().reshape(n, 1, n);
    NDArray farther = dan.gt(dap).toType(d.getDataType(), false).mul(neg); // semi-hard candidates
    NDArray nearestFarther = dan.add(farther.neg().add(1f).mul(BIG)).min(new int[] {2}); // (n, n)
    NDArray hasFarther = farther.max(new int[] {2});
    NDArray farthest =
        d.mul(m.negative()).sub(m.negative().neg().add(1f).mul(BIG)).max(new int[] {1}, true);
    NDArray chosen = nearestFarther.mul(hasFarther).add(farthest.mul(hasFarther.neg().add(1f)));
    NDArray valid = m.positive().mul(m.negative().max(new int[] {1}, true));
    NDArray loss = d.sub(chosen).add(margin).maximum(0f).mul(valid);
    return loss.sum().div(valid.sum().maximum(1f));
  }
}
