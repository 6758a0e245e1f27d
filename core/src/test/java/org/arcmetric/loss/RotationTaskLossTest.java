package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.Test;

class RotationTaskLossTest {
  /** −log softmax(v)_i, by hand (the joint term's formula of the marginal loss's test). */
  static double ce(float[] v, int i) {
    return RotationMarginalLossTest.handJoint(v, i);
  }

  @Test
  void isTheClassLossPlusLambdaTimesTheTurnsCrossEntropy() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] z0 = {2, 0, -1};
      float[] z1 = {0.5f, 0.5f, 1};
      float[] q0 = {1, 0, 0, 0};
      float[] q1 = {0, 0.2f, 3, -1};
      NDList predictions =
          new NDList(
              m.create(new float[] {2, 0, -1, 0.5f, 0.5f, 1}).reshape(2, 3),
              m.create(new float[] {1, 0, 0, 0, 0, 0.2f, 3, -1}).reshape(2, 4));
      // image 0: class 0, turn 0; image 1: class 2, turn 3
      NDList labels = new NDList(m.create(new long[] {0, 2}), m.create(new long[] {0, 3}));
      double classPart = (ce(z0, 0) + ce(z1, 2)) / 2;
      double turnPart = (ce(q0, 0) + ce(q1, 3)) / 2;
      for (float lambda : new float[] {0f, 0.5f, 2f}) {
        RotationTaskLoss loss = new RotationTaskLoss(new SoftmaxCrossEntropyLoss("c"), lambda);
        assertThat((double) loss.evaluate(labels, predictions).getFloat())
            .as("λ = " + lambda)
            .isCloseTo(classPart + lambda * turnPart, within(1e-5));
      }
    }
    assertThatThrownBy(() -> new RotationTaskLoss(new SoftmaxCrossEntropyLoss("c"), -1f))
        .hasMessageContaining("must not be negative");
  }

  @Test
  void theTurnTermsGradientIsLambdaTimesSoftmaxMinusOneHotOverTheBatch() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] q = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f, 0f, 0.2f};
      long[] turns = {2, 1};
      float lambda = 0.7f;
      NDArray logits = m.create(q).reshape(2, 4);
      logits.setRequiresGradient(true);
      float[] g;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(RotationTaskLoss.rotationLoss(m.create(turns), logits).mul(lambda));
        g = logits.getGradient().toFloatArray();
      }
      for (int i = 0; i < 2; i++) {
        double sum = 0;
        for (int r = 0; r < 4; r++) {
          sum += Math.exp(q[4 * i + r]);
        }
        for (int r = 0; r < 4; r++) {
          double p = Math.exp(q[4 * i + r]) / sum;
          double want = lambda * (p - (r == turns[i] ? 1 : 0)) / 2;
          assertThat((double) g[4 * i + r])
              .as("image %d turn %d", i, r)
              .isCloseTo(want, within(1e-6));
        }
      }
    }
  }

  @Test
  void theHeadKeepsTheClassHeadsOutputsAndAddsFourTurnLogits() {
    try (NDManager m = NDManager.newBaseManager()) {
      RotationHead head = new RotationHead(new ArcFaceHead(5, 30f, 0.5f, false));
      head.initialize(m, DataType.FLOAT32, new Shape(3, 8));
      assertThat(head.getOutputShapes(new Shape[] {new Shape(3, 8)}))
          .containsExactly(new Shape(3, 5), new Shape(3, 4));
      NDArray x = m.randomNormal(new Shape(3, 8));
      ParameterStore ps = new ParameterStore(m, false);
      NDList labels = new NDList(m.create(new long[] {0, 4, 2}), m.create(new long[] {3, 0, 1}));
      NDList withLabels = head.forward(ps, new NDList(x), labels, null);
      NDList plain = head.forward(ps, new NDList(x), false);
      assertThat(withLabels).hasSize(2);
      assertThat(withLabels.get(1).getShape()).isEqualTo(new Shape(3, 4));
      // the class head saw the class labels alone: its margin lowers the target logit only
      NDList classOnly =
          head.classHead().forward(ps, new NDList(x), new NDList(labels.get(0)), null);
      assertThat(withLabels.get(0).toFloatArray()).containsExactly(classOnly.get(0).toFloatArray());
      assertThat(withLabels.get(0).toFloatArray()).isNotEqualTo(plain.get(0).toFloatArray());
      assertThat(withLabels.get(1).toFloatArray()).containsExactly(plain.get(1).toFloatArray());
    }
  }
}
