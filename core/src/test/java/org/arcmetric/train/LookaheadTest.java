package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LookaheadTest {
  private static final Offset<Float> EPS = Offset.offset(1e-5f);

  /** A Linear 2 → 1 layer's weight and bias, initialised. */
  private static Block linear(NDManager m) {
    Block b = Linear.builder().setUnits(1).build();
    b.initialize(m, DataType.FLOAT32, new Shape(1, 2));
    return b;
  }

  private static void setAll(Block b, float v) {
    for (Pair<String, Parameter> p : b.getParameters()) {
      NDArray w = p.getValue().getArray();
      float[] values = new float[(int) w.size()];
      java.util.Arrays.fill(values, v);
      WeightValues.overwrite(w, values);
    }
  }

  private static float first(Block b) {
    return b.getParameters().get(0).getValue().getArray().toFloatArray()[0];
  }

  @Test
  void theDecayGrowsAsTheCubeOfTheRunsShareTo095ToTheFifth() {
    assertThat(Lookahead.decay(0, 100)).isZero();
    // 0.95^5 = 0.7737809375; (50/100)^3 = 0.125
    assertThat(Lookahead.decay(50, 100)).isCloseTo(0.7737809375 * 0.125, Offset.offset(1e-12));
    assertThat(Lookahead.decay(100, 100)).isCloseTo(0.7737809375, Offset.offset(1e-12));
    assertThat(Lookahead.decay(150, 100)).isCloseTo(0.7737809375, Offset.offset(1e-12));
    assertThatThrownBy(() -> new Lookahead(null, 0, 5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lookahead(null, 3, 5, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot resume after 3");
  }

  @Test
  void everyFifthStepPullsTheWeightsToTheAverageAndTheEndShipsIt() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block b = linear(m);
      setAll(b, 1f);
      Lookahead la = new Lookahead(b, 2, 5, 0); // T = 10
      la.start(); // φ = 1
      // updates 1..5: the optimiser would move θ; here θ is set to 3 before the 6th update
      for (int i = 0; i < 5; i++) {
        la.beforeUpdate();
        assertThat(first(b)).isEqualTo(1f); // no pull before 5 steps are done
      }
      la.onEpoch(null); // the first of 2 epochs ends: no pull
      assertThat(first(b)).isEqualTo(1f);
      setAll(b, 3f);
      la.beforeUpdate(); // 5 done: α = 0.95^5 · (5/10)^3 = 0.0967226; φ = α·1 + (1 − α)·3
      double a5 = 0.7737809375 * 0.125;
      float phi5 = (float) (a5 * 1 + (1 - a5) * 3);
      assertThat(phi5).isCloseTo(2.8065548f, EPS);
      for (Pair<String, Parameter> p : b.getParameters()) {
        for (float v : p.getValue().getArray().toFloatArray()) {
          assertThat(v).isCloseTo(phi5, EPS); // weight and bias alike
        }
      }
      for (int i = 0; i < 4; i++) {
        la.beforeUpdate();
      }
      assertThat(la.steps()).isEqualTo(10);
      setAll(b, -1f);
      la.onEpoch(null); // the last epoch ends; T = 10 is a multiple of 5: a pull with α = 0.95^5
      double a10 = 0.7737809375;
      assertThat(first(b)).isCloseTo((float) (a10 * phi5 + (1 - a10) * -1), EPS);
      la.close();
    }
  }

  @Test
  void aRunWhoseLengthIsNoMultipleOfFiveDropsTheStepsAfterTheLastPull() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block b = linear(m);
      setAll(b, 2f);
      try (Lookahead la = new Lookahead(b, 1, 7, 0)) { // T = 7
        for (int i = 0; i < 5; i++) {
          la.beforeUpdate();
        }
        setAll(b, 4f);
        la.beforeUpdate(); // pull at 5 done: α = 0.95^5 · (5/7)^3
        double a = 0.7737809375 * Math.pow(5.0 / 7, 3);
        float phi = (float) (a * 2 + (1 - a) * 4);
        la.beforeUpdate();
        setAll(b, 100f); // what the 6th and 7th updates did
        la.end();
        assertThat(first(b)).isCloseTo(phi, EPS);
      }
    }
  }

  @Test
  void batchNormsRunningStatisticsAreAveragedAndNoArrayStaysOnTheModelsManager() {
    try (NDManager m = NDManager.newBaseManager()) {
      SequentialBlock b = new SequentialBlock().add(BatchNorm.builder().build());
      b.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 4));
      setAll(b, 1f);
      NDManager owner = b.getParameters().get(0).getValue().getArray().getManager();
      try (Lookahead la = new Lookahead(b, 100, 1, 41)) { // resumed after 41 of 100 steps
        la.start();
        int before = owner.getManagedArrays().size();
        setAll(b, 0f);
        for (int i = 0; i < 5; i++) {
          la.beforeUpdate(); // the 46th: 45 done, a multiple of 5; φ = α·1 + (1 − α)·0
        }
        int arrays = 0;
        double a = 0.7737809375 * Math.pow(45.0 / 100, 3);
        for (Pair<String, Parameter> p : b.getParameters()) {
          arrays++;
          assertThat(p.getValue().getArray().toFloatArray()[0])
              .as(p.getKey())
              .isCloseTo((float) a, EPS);
        }
        assertThat(arrays).isEqualTo(4); // γ, β, running mean and variance
        assertThat(owner.getManagedArrays()).hasSize(before);
      }
    }
  }
}
