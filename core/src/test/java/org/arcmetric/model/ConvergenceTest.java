package org.arcmetric.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.arcmetric.loss.LossConfig;
import org.junit.jupiter.api.Test;

class ConvergenceTest {
  static LossConfig loss(String name) {
    return LossConfig.parse(name, Map.of());
  }

  @Test
  void nearChanceIsAQuarterOfTheWayFromGuessingToPerfect() {
    // 16 classes: 1/16 + 0.25 · 15/16 = 0.0625 + 0.234375
    assertThat(Convergence.nearChanceBelow(16)).isCloseTo(0.296875, within(1e-12));
    assertThat(Convergence.nearChanceBelow(2)).isCloseTo(0.625, within(1e-12));
  }

  @Test
  void theArcFaceFailureIsNearChanceAndSuggestsAFix() {
    // the failing run of the issue: 16 classes, validation accuracy 0.157
    Convergence c = Convergence.judge(8, 0.157, 16, 0.40, loss("arcface"));
    assertThat(c.status()).isEqualTo(Convergence.NEAR_CHANCE);
    assertThat(c.ok()).isFalse();
    assertThat(c.chance()).isEqualTo(0.0625);
    assertThat(c.advice())
        .contains("epoch 8", "0.157", "near chance", "0.063 for 16 classes")
        .contains("{loss} normface", "{marginWarmupEpochs}", "{softmaxWarmupEpochs}");
    // a front end writes the option fields its own way
    assertThat(c.withOptionNames(f -> "--" + f).advice())
        .contains(
            "--loss normface",
            "--marginWarmupEpochs=2",
            "a longer softmax warm start (--softmaxWarmupEpochs=N)")
        .doesNotContain("{");
  }

  @Test
  void belowTheBaselineButAboveChance() {
    Convergence c = Convergence.judge(2, 0.60, 7, 0.70, loss("cosface"));
    assertThat(c.status()).isEqualTo(Convergence.BELOW_BASELINE);
    assertThat(c.advice())
        .contains("below the raw-pixel baseline's 0.700", "{epochs}", "{loss} softmax")
        .contains("(now {loss} cosface, s = ");
    // softmax is not advised to itself, and a margin-free loss gets no margin advice
    assertThat(Convergence.judge(2, 0.60, 7, 0.70, loss("softmax")).advice())
        .doesNotContain(", {loss} softmax", "margin");
  }

  @Test
  void aLearningModelPasses() {
    Convergence c = Convergence.judge(3, 0.91, 7, 0.70, loss("cosface"));
    assertThat(c.ok()).isTrue();
    assertThat(c.advice()).isNull();
    // NaN baseline (no validation gallery): judged on chance alone
    assertThat(Convergence.judge(1, 0.9, 7, Double.NaN, loss("softmax")).ok()).isTrue();
  }

  @Test
  void theAdviceSaysWhatIsActiveNow() {
    String active = Convergence.active(new LossConfig.ArcFace(30f, 0.5f, false), 0f, 0f);
    assertThat(active)
        .isEqualTo("arcface, s = 30, m = 0.5, no softmax warm start, no margin warm-up");
    assertThat(Convergence.judge(3, 0.06, 20, 0.07, loss("arcface"), active).advice())
        .contains(
            "(now {loss} arcface, s = 30, m = 0.5, no softmax warm start, no margin warm-up)");
    assertThat(Convergence.active(new LossConfig.Combined(16f, 1f, 0.3f, 0.2f), 1f, 2f))
        .isEqualTo(
            "combined, s = 16, m1 = 1, m2 = 0.3, m3 = 0.2, softmax warm start for 1 epochs,"
                + " margin warm-up over 2 epochs");
    assertThat(Convergence.active(new LossConfig.Softmax(), 1f, 2f)).isEqualTo("softmax");
  }
}
