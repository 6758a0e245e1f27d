package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * AdaCos (Zhang et al., CVPR 2019): no margin; the scale is set from the number of classes C
 * instead of tuned.
 *
 * <ul>
 *   <li>fixed: {@code s = √2 · ln(C − 1)};
 *   <li>dynamic: starting from the fixed value, after each training batch {@code s ← ln(B_avg) /
 *       cos(min(π/4, θ_med))}, where {@code B_avg} is the batch mean of {@code Σ_{j≠y} exp(s · cos
 *       θ_j)} and {@code θ_med} the median target angle. The update reads detached values: s is
 *       state, not a trainable parameter, and only changes in training.
 * </ul>
 *
 * With C = 2 the fixed formula gives 0; the scale is then floored at 1.
 */
public final class AdaCosHead extends MarginHead {
  private final boolean dynamic;
  private float current;

  public AdaCosHead(int numClasses, boolean dynamic) {
    super(numClasses, fixedScale(numClasses));
    this.dynamic = dynamic;
    this.current = fixedScale(numClasses);
  }

  /** √2 · ln(C − 1), at least 1. */
  public static float fixedScale(int numClasses) {
    return (float) Math.max(1.0, Math.sqrt(2) * Math.log(numClasses - 1));
  }

  public boolean dynamic() {
    return dynamic;
  }

  /** The scale now (changes during training when dynamic). */
  public float currentScale() {
    return current;
  }

  @Override
  protected NDArray targetLogit(NDArray cos) {
    return cos;
  }

  @Override
  protected float trainingScale(NDArray cos, NDArray oneHot) {
    if (!dynamic) {
      return current;
    }
    float[] c = cos.toType(DataType.FLOAT32, false).toFloatArray();
    float[] y = oneHot.toType(DataType.FLOAT32, false).toFloatArray();
    int classes = (int) cos.getShape().get(1);
    int n = c.length / classes;
    double bSum = 0;
    double[] theta = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < classes; j++) {
        int k = i * classes + j;
        if (y[k] > 0.5f) {
          theta[i] = Math.acos(Math.max(-1, Math.min(1, c[k])));
        } else {
          bSum += Math.exp(current * c[k]);
        }
      }
    }
    Arrays.sort(theta);
    double median = n % 2 == 1 ? theta[n / 2] : (theta[n / 2 - 1] + theta[n / 2]) / 2;
    double next = Math.log(bSum / n) / Math.cos(Math.min(Math.PI / 4, median));
    if (Double.isFinite(next) && next > 0) {
      current = (float) next;
    }
    return current;
  }

  @Override
  protected float inferenceScale() {
    return current;
  }
}
