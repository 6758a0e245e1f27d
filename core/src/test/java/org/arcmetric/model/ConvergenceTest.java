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
            "a softmax warm start (--softmaxWarmupEpochs=N)")
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
    Convergence.Regime none =
        new Convergence.Regime(new LossConfig.ArcFace(30f, 0.5f, false), 0f, 0f, 0f, 10);
    assertThat(none.describe())
        .isEqualTo("arcface, s = 30, m = 0.5, no softmax warm start, no margin warm-up");
    assertThat(Convergence.judge(3, 0.06, 20, 0.07, none).advice())
        .contains(
            "(now {loss} arcface, s = 30, m = 0.5, no softmax warm start, no margin warm-up)");
    assertThat(
            new Convergence.Regime(new LossConfig.Combined(16f, 1f, 0.3f, 0.2f), 1f, 2f, 0f, 10)
                .describe())
        .isEqualTo(
            "combined, s = 16, m1 = 1, m2 = 0.3, m3 = 0.2, softmax warm start for 1 epochs,"
                + " margin warm-up over 2 epochs");
    assertThat(new Convergence.Regime(new LossConfig.Softmax(), 1f, 2f, 0f, 10).describe())
        .isEqualTo("softmax");
  }

  @Test
  void theAdviceSuggestsOnlyWhatIsNotAlreadySet() {
    // the recipe's warm-ups on: a longer one is advised, never the value already set
    Convergence.Regime recipe = new Convergence.Regime(loss("arcface"), 5f, 3f, 1f, 10);
    String advice = Convergence.judge(6, 0.10, 15, 0.07, recipe).advice();
    assertThat(advice)
        .contains(
            "(the softmax warm start takes 5 of them)",
            "a longer softmax warm start ({softmaxWarmupEpochs}=N)",
            "a longer margin warm-up ({marginWarmupEpochs}=N, now 3)",
            "softmax warm start for 5 epochs, margin warm-up over 3 epochs)")
        .doesNotContain("{marginWarmupEpochs}=2");
    // none on: each is advised as something to turn on
    String bare =
        Convergence.judge(
                6, 0.10, 15, 0.07, new Convergence.Regime(loss("arcface"), 0f, 0f, 1f, 10))
            .advice();
    assertThat(bare)
        .contains("a softmax warm start ({softmaxWarmupEpochs}=N)", "{marginWarmupEpochs}=2")
        .doesNotContain("takes", "a longer");
  }

  @Test
  void epochsInsideTheLearningRateWarmUpAreNotJudgedUnlessTheRunEndsThere() {
    // BENCHMARKS section 27: the shapes at 64 px, epoch 1 of 10 at 0.296 for 15 classes (the
    // threshold is 1/15 + 0.25 · 14/15 = 0.3); the run reached 0.99
    Convergence.Regime recipe = new Convergence.Regime(loss("arcface"), 5f, 3f, 1f, 10);
    Convergence first = Convergence.judge(1, 0.296, 15, 0.07, recipe);
    assertThat(first.status()).isEqualTo(Convergence.WARMING_UP);
    assertThat(first.ok()).isTrue();
    assertThat(first.advice()).isNull();
    // the epoch after the warm-up is judged
    assertThat(Convergence.judge(2, 0.296, 15, 0.07, recipe).status())
        .isEqualTo(Convergence.NEAR_CHANCE);
    // a warm-up of 1.5 epochs covers epoch 2 as well
    Convergence.Regime longer = new Convergence.Regime(loss("softmax"), 0f, 0f, 1.5f, 10);
    assertThat(Convergence.judge(2, 0.01, 15, 0.07, longer).status())
        .isEqualTo(Convergence.WARMING_UP);
    assertThat(Convergence.judge(3, 0.01, 15, 0.07, longer).status())
        .isEqualTo(Convergence.NEAR_CHANCE);
    // a run that ends inside its warm-up is judged at its last epoch
    Convergence.Regime oneEpoch = new Convergence.Regime(loss("softmax"), 0f, 0f, 1f, 1);
    assertThat(Convergence.judge(1, 0.01, 15, 0.07, oneEpoch).status())
        .isEqualTo(Convergence.NEAR_CHANCE);
  }
}
