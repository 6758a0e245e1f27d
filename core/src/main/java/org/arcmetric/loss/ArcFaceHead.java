package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * ArcFace: additive angular margin (Deng et al., "ArcFace: Additive Angular Margin Loss for Deep
 * Face Recognition", CVPR 2019). The target logit is {@code s · cos(θ_y + m)}, with the margin
 * {@code m} in <b>radians</b> (default 0.5 ≈ 28.6°) and scale {@code s} (default 30).
 *
 * <p>Computed as {@code cos θ · cos m − sin θ · sin m} with {@code sin θ = sqrt(clamp(1 − cos²θ, ε,
 * 1))}, ε = 1e-7. Why the clamp: float rounding can make {@code |cos θ|} reach 1, where {@code
 * sqrt(1 − cos²θ)} has an infinite derivative, and slightly negative arguments give NaN; PyTorch
 * then sends NaN into the weights even through the branch that {@code where} does not select (0 ·
 * NaN = NaN). With the clamp the value and the gradient are finite for every {@code cos θ} in [−1,
 * 1] (the gradient is zero where the clamp holds).
 *
 * <p>When {@code θ + m > π} the function {@code cos(θ + m)} would increase again with θ (no longer
 * a penalty); as in the reference implementation the target logit then becomes {@code cos θ − m ·
 * sin m}, which stays monotonic and continuous at {@code θ = π − m}. With {@code easyMargin} the
 * margin is instead applied only where {@code cos θ > 0}.
 */
public final class ArcFaceHead extends MarginHead {
  static final float SIN_EPS = 1e-7f;
  private final float margin;
  private final boolean easyMargin;

  /**
   * @param numClasses C
   * @param scale s
   * @param margin m in radians, in [0, π/2)
   * @param easyMargin apply the margin only where cos θ > 0
   */
  public ArcFaceHead(int numClasses, float scale, float margin, boolean easyMargin) {
    this(numClasses, scale, margin, easyMargin, 1);
  }

  /**
   * Sub-center ArcFace (Deng et al., ECCV 2020) when {@code subCentres} K &gt; 1: each class has K
   * centres and its cosine is the largest of theirs, so noisy images can gather at a non-dominant
   * centre instead of pulling the class apart.
   */
  public ArcFaceHead(
      int numClasses, float scale, float margin, boolean easyMargin, int subCentres) {
    super(numClasses, scale, subCentres);
    if (!(margin >= 0 && margin < Math.PI / 2)) {
      throw new IllegalArgumentException(
          "ArcFace margin m must be in [0, π/2) radians (e.g. 0.5), got " + margin);
    }
    this.margin = margin;
    this.easyMargin = easyMargin;
  }

  public float margin() {
    return margin;
  }

  public boolean easyMargin() {
    return easyMargin;
  }

  @Override
  protected NDArray targetLogit(NDArray cos) {
    double m = margin * marginFactor();
    float cosM = (float) Math.cos(m);
    float sinM = (float) Math.sin(m);
    float threshold = (float) Math.cos(Math.PI - m);
    float fallbackShift = (float) (Math.sin(Math.PI - m) * m);
    NDArray sin = cos.square().neg().add(1f).clip(SIN_EPS, 1f).sqrt();
    NDArray phi = cos.mul(cosM).sub(sin.mul(sinM));
    if (easyMargin) {
      return NDArrays.where(cos.gt(0f), phi, cos);
    }
    return NDArrays.where(cos.gt(threshold), phi, cos.sub(fallbackShift));
  }
}
