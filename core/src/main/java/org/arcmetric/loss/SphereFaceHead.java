package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;

/**
 * SphereFace / A-Softmax (Liu et al., CVPR 2017): multiplicative angular margin. The target logit
 * is {@code s · (λ·cos θ + ψ(θ)) / (1 + λ)} with
 *
 * <pre>
 *   ψ(θ) = (−1)^k · cos(m·θ) − 2k,   θ ∈ [kπ/m, (k+1)π/m],  k = 0 … m−1
 * </pre>
 *
 * the monotonic extension of cos(mθ), m an integer (default 4). λ anneals from plain softmax to the
 * margin as the original training does: at training step t, {@code λ = max(λ_min, λ_base · (1 +
 * γ·t)^(−power))} (defaults λ_base = 1000, γ = 0.12, power = 1, λ_min = 5). As in later
 * re-implementations the features are normalised and scaled by s (default 30) rather than kept at
 * their length.
 *
 * <p>θ = arccos(clamp(cos θ, −1 + 1e-7, 1 − 1e-7)): arccos has an infinite derivative at ±1.
 */
public final class SphereFaceHead extends MarginHead {
  static final float ACOS_EPS = 1e-7f;
  private final int margin;
  private final float lambdaBase;
  private final float lambdaMin;
  private final float gamma;
  private final float power;
  private long step;

  public SphereFaceHead(
      int numClasses,
      float scale,
      int margin,
      float lambdaBase,
      float lambdaMin,
      float gamma,
      float power) {
    super(numClasses, scale);
    if (margin < 1 || margin > 10) {
      throw new IllegalArgumentException(
          "SphereFace margin m must be an integer 1..10, got " + margin);
    }
    if (!(lambdaMin >= 0 && lambdaBase >= lambdaMin && gamma >= 0 && power >= 0)) {
      throw new IllegalArgumentException(
          "SphereFace annealing needs λ_base ≥ λ_min ≥ 0, γ ≥ 0, power ≥ 0");
    }
    this.margin = margin;
    this.lambdaBase = lambdaBase;
    this.lambdaMin = lambdaMin;
    this.gamma = gamma;
    this.power = power;
  }

  public int margin() {
    return margin;
  }

  /** λ at the current training step. */
  public float lambda() {
    return (float) Math.max(lambdaMin, lambdaBase * Math.pow(1 + gamma * step, -power));
  }

  /** Sets the training step (for resumed runs). */
  public void setStep(long step) {
    this.step = step;
  }

  /** ψ(θ) without annealing, for an {@code (N, 1)} cosine. */
  NDArray psi(NDArray cos) {
    NDArray theta = cos.clip(-1f + ACOS_EPS, 1f - ACOS_EPS).acos();
    NDArray k = theta.mul((float) (margin / Math.PI)).floor().clip(0f, margin - 1f);
    NDArray sign = k.mod(2f).mul(-2f).add(1f);
    return sign.mul(theta.mul((float) margin).cos()).sub(k.mul(2f));
  }

  @Override
  protected NDArray targetLogit(NDArray cos) {
    float lambda = lambda();
    step++;
    return cos.mul(lambda).add(psi(cos)).div(1f + lambda);
  }
}
