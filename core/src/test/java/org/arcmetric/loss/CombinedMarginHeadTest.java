package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cos(m1·θ + m2) − m3 against the heads it generalises, and the loss spec that names it. */
class CombinedMarginHeadTest {
  NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** The target cosines of {@code head} at these angles (degrees), in float64. */
  double[] target(MarginHead head, double... degrees) {
    double[] cos = new double[degrees.length];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = Math.cos(Math.toRadians(degrees[i]));
    }
    NDArray c = manager.create(cos).toType(DataType.FLOAT64, false);
    return head.targetLogit(c).toDoubleArray();
  }

  // from 10°: at θ = 0 each head approximates differently (the arccos clamp, the sine clamp)
  static final double[] ANGLES = {10, 30, 45, 60, 90, 120, 140, 150};

  @Test
  void byHand() {
    double[] t = target(new CombinedMarginHead(2, 30f, 1f, 0.3f, 0.2f), 40);
    assertThat(t[0]).isCloseTo(Math.cos(Math.toRadians(40) + 0.3) - 0.2, within(1e-6));
    t = target(new CombinedMarginHead(2, 30f, 2f, 0.1f, 0.05f), 30);
    assertThat(t[0]).isCloseTo(Math.cos(2 * Math.toRadians(30) + 0.1) - 0.05, within(1e-6));
  }

  @Test
  void isArcFaceWhereTheAngleStaysBelowPi() {
    double[] combined = target(new CombinedMarginHead(2, 30f, 1f, 0.5f, 0f), ANGLES);
    double[] arc = target(new ArcFaceHead(2, 30f, 0.5f, false), ANGLES);
    assertThat(combined).containsExactly(arc, within(1e-6));
  }

  @Test
  void isCosFaceEverywhere() {
    double[] all = {0, 30, 90, 150, 180};
    assertThat(target(new CombinedMarginHead(2, 30f, 1f, 0f, 0.35f), all))
        .containsExactly(target(new CosFaceHead(2, 30f, 0.35f), all), within(1e-12));
  }

  @Test
  void isSphereFacesPsiOnItsFirstBranch() {
    double[] first = {0, 10, 20, 30, 40}; // θ ≤ π/4
    SphereFaceHead sphere = new SphereFaceHead(2, 30f, 4, 1000f, 5f, 0.12f, 1f);
    double[] psi = sphere.psi(manager.create(cosines(first))).toDoubleArray();
    assertThat(target(new CombinedMarginHead(2, 30f, 4f, 0f, 0f), first))
        .containsExactly(psi, within(1e-6));
  }

  private static double[] cosines(double[] degrees) {
    double[] c = new double[degrees.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.cos(Math.toRadians(degrees[i]));
    }
    return c;
  }

  @Test
  void beyondThetaStarItKeepsDecreasingAndIsContinuous() {
    // m1 = 2, m2 = 0.3: θ* = (π − 0.3) / 2 ≈ 81.4°
    CombinedMarginHead head = new CombinedMarginHead(2, 30f, 2f, 0.3f, 0.1f);
    double star = Math.toDegrees((Math.PI - 0.3) / 2);
    double[] around = target(head, star - 1e-4, star + 1e-4);
    assertThat(around[0]).isCloseTo(-1 - 0.1, within(1e-3));
    assertThat(around[1]).isCloseTo(around[0], within(1e-3));
    double[] sweep = target(head, 0, 20, 40, 60, 80, 90, 120, 150, 179);
    for (int i = 1; i < sweep.length; i++) {
      assertThat(sweep[i]).as("at step %d", i).isLessThan(sweep[i - 1]);
    }
  }

  @Test
  void theWarmUpScalesAllThreeMargins() {
    CombinedMarginHead head = new CombinedMarginHead(2, 30f, 3f, 0.4f, 0.2f);
    head.setMarginFactor(0.5f);
    double t = Math.toRadians(20);
    assertThat(target(head, 20)[0]).isCloseTo(Math.cos(2 * t + 0.2) - 0.1, within(1e-6));
    head.setMarginFactor(0f);
    assertThat(target(head, 20)[0]).isCloseTo(Math.cos(t), within(1e-6));
  }

  @Test
  void theSpecNamesTheLossWithItsOwnOptions() {
    assertThat(LossConfig.parse("combined", Map.of()))
        .isEqualTo(new LossConfig.Combined(30f, 1f, 0.3f, 0.2f));
    assertThat(LossConfig.parse("combined:m1=1.2, m2=0.25,m3=0.1,scale=64", Map.of()))
        .isEqualTo(new LossConfig.Combined(64f, 1.2f, 0.25f, 0.1f));
    assertThat(LossConfig.parse("arcface:scale=30,margin=0.5,easy-margin=true", Map.of()))
        .isEqualTo(new LossConfig.ArcFace(30f, 0.5f, true));
    assertThat(LossConfig.parse("subcenter-arcface:sub-centers=2", Map.of()))
        .isEqualTo(new LossConfig.SubCenterArcFace(30f, 0.5f, false, 2));
    assertThatThrownBy(() -> LossConfig.parse("arcface:margin=0.3", Map.of("margin", 0.4f)))
        .hasMessageContaining("margin is given twice");
    assertThatThrownBy(() -> LossConfig.parse("arcface:margin", Map.of()))
        .hasMessageContaining("is not key=value");
    assertThatThrownBy(() -> LossConfig.parse("cosface:m2=0.3", Map.of()))
        .hasMessageContaining("m2 does not apply to loss cosface");
    assertThatThrownBy(() -> LossConfig.parse("combined:m2=2", Map.of()))
        .hasMessageContaining("m2 (additive angular margin");
  }
}
