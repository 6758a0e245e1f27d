package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.Test;

class LabelSmoothingLossTest {
  @Test
  void spreadsEpsilonOverTheClassesByHand() {
    try (NDManager m = NDManager.newBaseManager()) {
      // one image, logits (1, 2, 3), label 2: log-sum-exp = ln(e + e² + e³) = 3.4076059644
      // log p = (−2.4076059644, −1.4076059644, −0.4076059644); ε = 0.3: q = (0.1, 0.1, 0.8)
      // L = 0.1 · 2.4076059644 + 0.1 · 1.4076059644 + 0.8 · 0.4076059644 = 0.7076059644
      NDList logits = new NDList(m.create(new float[] {1, 2, 3}).reshape(1, 3));
      NDList label = new NDList(m.create(new long[] {2}));
      float l = new LabelSmoothingLoss(0.3f).evaluate(label, logits).getFloat();
      assertThat((double) l).isCloseTo(0.7076059644, within(1e-5));
    }
  }

  @Test
  void withoutSmoothingIsDjlsCrossEntropyAveragedOverTheBatch() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList logits =
          new NDList(m.create(new float[] {2, 0, -1, 0.5f, 0.5f, 1, -3, 4, 0}).reshape(3, 3));
      NDList labels = new NDList(m.create(new long[] {0, 2, 0}));
      float plain = new SoftmaxCrossEntropyLoss("c").evaluate(labels, logits).getFloat();
      float smoothed0 = new LabelSmoothingLoss(0f).evaluate(labels, logits).getFloat();
      float smoothed = new LabelSmoothingLoss(0.2f).evaluate(labels, logits).getFloat();
      assertThat(smoothed0).isCloseTo(plain, within(1e-5f));
      // the third image's label (class 0, logit −3) is badly wrong: smoothing lowers its cost
      // less than it raises the confident ones', so the batch mean moves
      assertThat(smoothed).isNotCloseTo(plain, within(1e-3f));
    }
  }

  @Test
  void refusesEpsilonOutsideZeroToOne() {
    assertThatThrownBy(() -> new LabelSmoothingLoss(1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> new LabelSmoothingLoss(-0.1f))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
