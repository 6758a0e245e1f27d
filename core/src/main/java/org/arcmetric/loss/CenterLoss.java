package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * Center loss (Wen et al., ECCV 2016): softmax cross-entropy plus {@code λ · ½ · mean_i ‖x_i −
 * c_{y_i}‖²}, pulling each embedding towards its class centre. The centres are not trained by the
 * optimiser: after each training batch, {@code c_j ← c_j − α · Σ_{i: y_i = j} (c_j − x_i) / (1 +
 * n_j)}, as in the paper (α = 0.5, λ = 0.01 by default).
 *
 * <p>Predictions: {@code NDList(logits (N, C), embedding (N, d))} from {@code CenterLossHead};
 * labels {@code (N)}. The centres are kept as Java arrays (they outlive every batch's NDManager),
 * start at zero, and are updated once per batch even though DJL evaluates the loss twice (for the
 * gradient and for its accumulator). They are not part of checkpoints: a resumed run re-estimates
 * them. Not thread-safe.
 */
public final class CenterLoss extends Loss {
  private final float lambda;
  private final float alpha;
  private final SoftmaxCrossEntropyLoss softmax = new SoftmaxCrossEntropyLoss("softmax");
  private float[][] centres;
  private String lastUpdated;

  public CenterLoss(float lambda, float alpha) {
    super("center");
    if (!(lambda >= 0 && alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("center loss needs λ ≥ 0 and α in (0, 1]");
    }
    this.lambda = lambda;
    this.alpha = alpha;
  }

  /** A copy of the current centres, {@code [C][d]} (null before the first batch). */
  public float[][] centres() {
    if (centres == null) {
      return null;
    }
    float[][] c = new float[centres.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = centres[i].clone();
    }
    return c;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.get(0);
    NDArray x = predictions.get(1);
    int classes = (int) logits.getShape().get(1);
    int d = (int) x.getShape().get(1);
    if (centres == null) {
      centres = new float[classes][d];
    }
    long[] y = labels.head().toType(DataType.INT64, false).toLongArray();
    float[] gathered = new float[y.length * d];
    for (int i = 0; i < y.length; i++) {
      System.arraycopy(centres[(int) y[i]], 0, gathered, i * d, d);
    }
    NDArray c = x.getManager().create(gathered, x.getShape()).toType(x.getDataType(), false);
    NDArray pull = x.sub(c).square().sum(new int[] {1}).mean().mul(0.5f * lambda);
    NDArray total = softmax.evaluate(labels, new NDList(logits)).add(pull);
    if (!x.getUid().equals(lastUpdated)) {
      update(x, y, d);
      lastUpdated = x.getUid();
    }
    return total;
  }

  private void update(NDArray x, long[] y, int d) {
    float[] v = x.toType(DataType.FLOAT32, false).toFloatArray();
    float[][] delta = new float[centres.length][d];
    int[] count = new int[centres.length];
    for (int i = 0; i < y.length; i++) {
      int j = (int) y[i];
      count[j]++;
      for (int k = 0; k < d; k++) {
        delta[j][k] += centres[j][k] - v[i * d + k];
      }
    }
    for (int j = 0; j < centres.length; j++) {
      if (count[j] > 0) {
        for (int k = 0; k < d; k++) {
          centres[j][k] -= alpha * delta[j][k] / (1 + count[j]);
        }
      }
    }
  }
}
