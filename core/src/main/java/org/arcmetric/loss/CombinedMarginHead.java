package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * insightface's combined margin: the target logit is {@code s · (cos(m1·θ + m2) − m3)}, one head
 * for the three margins the family uses — SphereFace's multiplicative angular margin m1, ArcFace's
 * additive angular margin m2 (radians) and CosFace's additive cosine margin m3 (Deng et al.,
 * ArcFace, CVPR 2019, section 3.3 and its table of combined margins; insightface's default
 * combination is m1 = 1, m2 = 0.3, m3 = 0.2). Its special cases:
 *
 * <ul>
 *   <li>(1, m, 0): ArcFace, {@link ArcFaceHead} — the same value where {@code θ + m ≤ π};
 *   <li>(1, 0, m): CosFace, {@link CosFaceHead} — the same value everywhere;
 *   <li>(m, 0, 0): cos(m·θ), SphereFace's ψ where {@code θ ≤ π / m} ({@link SphereFaceHead} without
 *       its λ annealing).
 * </ul>
 *
 * <p>θ = arccos(clamp(cos θ, −1 + ε, 1 − ε)), ε = 1e-7: arccos has an infinite derivative at ±1.
 * Where {@code m1·θ + m2 > π} the cosine would grow again with θ (no longer a penalty), so the
 * target continues as {@code cos θ − c}, with c chosen so that it is continuous at θ* = (π − m2) /
 * m1: decreasing in θ everywhere, as a margin must be. (ArcFace's own fallback there, {@code cos θ
 * − m·sin m}, is the reference implementation's; the two differ only beyond θ* ≈ 151° for m = 0.5,
 * where training images rarely are.) Margin warm-up scales m2, m3 and m1 − 1 together.
 */
public final class CombinedMarginHead extends MarginHead {
  static final float ACOS_EPS = 1e-7f;
  private final float m1;
  private final float m2;
  private final float m3;

  /**
   * @param numClasses C
   * @param scale s
   * @param m1 multiplicative angular margin, in [1, 10]
   * @param m2 additive angular margin in radians, in [0, π/2)
   * @param m3 additive cosine margin, in (−1, 1)
   */
  public CombinedMarginHead(int numClasses, float scale, float m1, float m2, float m3) {
    super(numClasses, scale);
    if (!(m1 >= 1 && m1 <= 10)) {
      throw new IllegalArgumentException("combined margin m1 must be in [1, 10], got " + m1);
    }
    if (!(m2 >= 0 && m2 < Math.PI / 2)) {
      throw new IllegalArgumentException(
          "combined margin m2 must be in [0, π/2) radians, got " + m2);
    }
    if (!(m3 > -1 && m3 < 1)) {
      throw new IllegalArgumentException("combined margin m3 must be in (-1, 1), got " + m3);
    }
    this.m1 = m1;
    this.m2 = m2;
    this.m3 = m3;
  }

  public float m1() {
    return m1;
  }

  public float m2() {
    return m2;
  }

  public float m3() {
    return m3;
  }

  @Override
  protected NDArray targetLogit(NDArray cos) {
    double f = marginFactor();
    double a = 1 + (m1 - 1) * f;
    double b = m2 * f;
    double c3 = m3 * f;
    if (a == 1 && b == 0) {
      return cos.sub((float) c3); // no angle to take: exact at cos θ = ±1 too
    }
    double thetaStar = (Math.PI - b) / a;
    NDArray theta = cos.clip(-1f + ACOS_EPS, 1f - ACOS_EPS).acos();
    NDArray inside = theta.mul((float) a).add((float) b).cos().sub((float) c3);
    if (thetaStar >= Math.PI) {
      return inside;
    }
    // beyond θ*: cos θ − c, continuous at θ* where cos(a·θ* + b) = −1
    float shift = (float) (Math.cos(thetaStar) + 1 + c3);
    NDArray beyond = cos.sub(shift);
    return NDArrays.where(theta.lte((float) thetaStar), inside, beyond);
  }
}
