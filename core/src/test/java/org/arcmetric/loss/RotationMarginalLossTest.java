package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.Test;

class RotationMarginalLossTest {
  // one image, C = 2 classes × 4 turns: z = (class 0: 1, 0, 0, 0 | class 1: 0, 2, 0, 0)
  static final float[] Z = {1, 0, 0, 0, 0, 2, 0, 0};

  /** By hand: ℓ_c = log Σ_r exp z_{4c+r}; loss = −log(exp ℓ_y / Σ_c exp ℓ_c). */
  static double handMarginal(float[] z, int label) {
    double l0 = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]) + Math.exp(z[3]));
    double l1 = Math.log(Math.exp(z[4]) + Math.exp(z[5]) + Math.exp(z[6]) + Math.exp(z[7]));
    double ly = label / 4 == 0 ? l0 : l1;
    return -(ly - Math.log(Math.exp(l0) + Math.exp(l1)));
  }

  static double handJoint(float[] z, int label) {
    double sum = 0;
    for (float v : z) {
      sum += Math.exp(v);
    }
    return -(z[label] - Math.log(sum));
  }

  @Test
  void addsTheClassMarginalsCrossEntropyToTheJointOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      RotationMarginalLoss loss = new RotationMarginalLoss(new SoftmaxCrossEntropyLoss("joint"));
      for (int label : new int[] {0, 3, 5, 6}) {
        NDArray z = m.create(Z).reshape(1, 8);
        double got =
            loss.evaluate(new NDList(m.create(new long[] {label})), new NDList(z)).getFloat();
        assertThat(got)
            .as("label " + label)
            .isCloseTo(handJoint(Z, label) + handMarginal(Z, label), within(1e-5));
      }
      // the marginal alone: label 5 and label 6 are the same class, so the same value
      NDArray z = m.create(Z).reshape(1, 8);
      assertThat(RotationMarginalLoss.classMarginalLoss(m.create(new long[] {5}), z).getFloat())
          .isCloseTo(
              RotationMarginalLoss.classMarginalLoss(m.create(new long[] {6}), z).getFloat(),
              within(1e-7f))
          .isCloseTo((float) handMarginal(Z, 5), within(1e-5f));
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] z0 = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f, 0f, 0.2f, 0.9f, -0.1f, 0.4f, -0.6f};
      int label = 6; // class 1, turn 2 of C = 3 classes
      NDArray z = m.create(z0).reshape(1, 12);
      z.setRequiresGradient(true);
      double[] g;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(RotationMarginalLoss.classMarginalLoss(m.create(new long[] {label}), z));
        float[] gf = z.getGradient().toFloatArray();
        g = new double[gf.length];
        for (int i = 0; i < gf.length; i++) {
          g[i] = gf[i];
        }
      }
      double h = 1e-3;
      for (int i = 0; i < z0.length; i++) {
        float[] plus = z0.clone();
        float[] minus = z0.clone();
        plus[i] += (float) h;
        minus[i] -= (float) h;
        double fd = (marginal3(plus, label) - marginal3(minus, label)) / (2 * h);
        assertThat(g[i]).as("∂/∂z" + i).isCloseTo(fd, within(2e-3));
      }
    }
  }

  /** The class marginal's cross-entropy for C = 3, by hand. */
  static double marginal3(float[] z, int label) {
    double[] l = new double[3];
    for (int c = 0; c < 3; c++) {
      double s = 0;
      for (int r = 0; r < 4; r++) {
        s += Math.exp(z[4 * c + r]);
      }
      l[c] = Math.log(s);
    }
    double norm = Math.log(Math.exp(l[0]) + Math.exp(l[1]) + Math.exp(l[2]));
    return -(l[label / 4] - norm);
  }
}
