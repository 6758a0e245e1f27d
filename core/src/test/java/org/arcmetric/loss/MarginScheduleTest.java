package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class MarginScheduleTest {
  @Test
  void marginWarmupRampsTheMarginLinearly() {
    ArcFaceHead head = new ArcFaceHead(2, 30f, 0.5f, false);
    MarginSchedule warmup = new MarginSchedule(head, 0, 4, 0);
    assertThat(head.marginFactor()).isZero();
    assertThat(head.plainSoftmax()).isFalse();
    warmup.onTrainingBatch(null, null);
    assertThat(head.marginFactor()).isEqualTo(0.25f);
    for (int i = 0; i < 10; i++) {
      warmup.onTrainingBatch(null, null);
    }
    assertThat(head.marginFactor()).isEqualTo(1f);
    // a resumed run starts where it stopped
    new MarginSchedule(head, 0, 4, 2);
    assertThat(head.marginFactor()).isEqualTo(0.5f);
  }

  @Test
  void softmaxWarmStartComesFirstThenTheRamp() {
    // T_s = 3, T_r = 2, by hand: steps 0-2 plain softmax (factor 0), 3 → 0, 4 → 0.5, 5+ → 1
    float[] factors = {0, 0, 0, 0, 0.5f, 1, 1};
    boolean[] plain = {true, true, true, false, false, false, false};
    for (int t = 0; t < factors.length; t++) {
      assertThat(MarginSchedule.factorAt(t, 3, 2)).as("factor at %d", t).isEqualTo(factors[t]);
      assertThat(MarginSchedule.plainAt(t, 3)).as("plain at %d", t).isEqualTo(plain[t]);
    }
    // no ramp: the full margin right after the warm start
    assertThat(MarginSchedule.factorAt(3, 3, 0)).isEqualTo(1f);
    ArcFaceHead head = new ArcFaceHead(2, 30f, 0.5f, false);
    MarginSchedule s = new MarginSchedule(head, 2, 0, 0);
    assertThat(head.plainSoftmax()).isTrue();
    s.onTrainingBatch(null, null);
    assertThat(head.plainSoftmax()).isTrue();
    s.onTrainingBatch(null, null);
    assertThat(head.plainSoftmax()).isFalse();
    assertThat(head.marginFactor()).isEqualTo(1f);
    // resumed past the warm start
    new MarginSchedule(head, 2, 0, 5);
    assertThat(head.plainSoftmax()).isFalse();
  }

  @Test
  void plainSoftmaxGivesRawDotProductsWithOrWithoutLabels() {
    try (NDManager m = NDManager.newBaseManager()) {
      ArcFaceHead head = new ArcFaceHead(2, 30f, 0.5f, false);
      head.initialize(m, DataType.FLOAT32, new Shape(1, 2));
      head.getParameters()
          .get("weight")
          .getArray()
          .set(m.create(new float[] {1, 2, 3, -1}, new Shape(2, 2)).toFloatArray());
      NDArray x = m.create(new float[] {2, 1}, new Shape(1, 2));
      NDArray y = m.create(new float[] {0});
      head.setPlainSoftmax(true);
      ParameterStore ps = new ParameterStore(m, false);
      // W·x by hand: (1·2 + 2·1, 3·2 − 1·1) = (4, 5), unscaled, no margin on the target
      float[] withLabels =
          head.forward(ps, new NDList(x), new NDList(y), null).head().toFloatArray();
      float[] without = head.forward(ps, new NDList(x), false).head().toFloatArray();
      assertThat(withLabels).containsExactly(new float[] {4, 5}, within(1e-6f));
      assertThat(without).containsExactly(new float[] {4, 5}, within(1e-6f));
      head.setPlainSoftmax(false);
      float[] cosine = head.forward(ps, new NDList(x), false).head().toFloatArray();
      // s · cos θ: 30 · 4 / (√5·√5) = 24 and 30 · 5 / (√5·√10)
      assertThat(cosine[0]).isCloseTo(24f, within(1e-3f));
      assertThat(cosine[1]).isCloseTo((float) (150 / Math.sqrt(50)), within(1e-3f));
    }
  }

  @Test
  void theWarmStartInitialisesWAsALinearClassifier() {
    try (NDManager m = NDManager.newBaseManager()) {
      ArcFaceHead usual = new ArcFaceHead(20, 30f, 0.5f, false);
      usual.initialize(m, DataType.FLOAT32, new Shape(1, 128));
      ArcFaceHead linear = new ArcFaceHead(20, 30f, 0.5f, false);
      linear.useLinearInit();
      linear.initialize(m, DataType.FLOAT32, new Shape(1, 128));
      // N(0, 0.01²) against Xavier's uniform ±√(6 / ((128 + 20) / 2)): std 0.01 against ≈ 0.16
      assertThat(std(usual)).isCloseTo(0.01, within(0.002));
      assertThat(std(linear)).isCloseTo(Math.sqrt(6.0 / 74) / Math.sqrt(3), within(0.02));
    }
  }

  private static double std(MarginHead h) {
    float[] w = h.getParameters().get("weight").getArray().toFloatArray();
    double s = 0;
    for (float x : w) {
      s += x * x;
    }
    return Math.sqrt(s / w.length);
  }
}
