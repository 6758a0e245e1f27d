package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class CenterLossTest {
  @Test
  void valueAndCentreUpdateByHand() {
    try (NDManager m = NDManager.newBaseManager()) {
      CenterLoss loss = new CenterLoss(0.1f, 0.5f);
      NDArray logits = m.create(new double[][] {{2, 0}, {0, 2}, {1, 1}});
      NDArray x = m.create(new double[][] {{1, 0}, {0, 1}, {0.6, 0.8}});
      NDList labels = new NDList(m.create(new long[] {0, 1, 0}));
      double ce = (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-2)) + Math.log(2)) / 3;
      // centres start at 0: the pull term is λ·½·mean‖x‖² = 0.1·½·1
      double v = loss.evaluate(labels, new NDList(logits, x)).getDouble();
      assertThat(v).isCloseTo(ce + 0.05, within(1e-6));
      // class 0 (2 images): c ← 0 − 0.5·((0 − x0) + (0 − x2)) / 3
      float[][] c = loss.centres();
      assertThat(c[0][0]).isCloseTo(0.5f * 1.6f / 3, within(1e-6f));
      assertThat(c[0][1]).isCloseTo(0.5f * 0.8f / 3, within(1e-6f));
      assertThat(c[1][1]).isCloseTo(0.5f * 1f / 2, within(1e-6f));
      // DJL evaluates the same predictions again for its accumulator: no second update
      loss.evaluate(labels, new NDList(logits, x));
      assertThat(loss.centres()[0][0]).isEqualTo(c[0][0]);
    }
  }

  @Test
  void gradientOfThePullTermIsLambdaXOverN() {
    try (NDManager m = NDManager.newBaseManager()) {
      CenterLoss loss = new CenterLoss(0.2f, 0.5f);
      NDArray logits = m.create(new double[][] {{0, 0}, {0, 0}});
      NDArray x = m.create(new double[][] {{0.3, -0.4}, {1, 2}});
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(loss.evaluate(new NDList(m.create(new long[] {0, 1})), new NDList(logits, x)));
        double[] g = x.getGradient().toDoubleArray();
        assertThat(g[0]).isCloseTo(0.2 * 0.3 / 2, within(1e-7)); // λ is a float
        assertThat(g[3]).isCloseTo(0.2 * 2 / 2, within(1e-7));
      }
    }
  }

  @Test
  void badParameters() {
    assertThatThrownBy(() -> new CenterLoss(-1f, 0.5f)).hasMessageContaining("λ ≥ 0");
    assertThatThrownBy(() -> new CenterLoss(0.1f, 2f)).hasMessageContaining("α in (0, 1]");
  }
}
