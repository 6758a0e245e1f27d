package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import java.util.Set;
import org.arcmetric.loss.ArcFaceHead;
import org.arcmetric.loss.CosFaceHead;
import org.junit.jupiter.api.Test;

class TrainingAidsTest {
  @Test
  void scaledMarginEntersTheTargetLogit() {
    try (NDManager m = NDManager.newBaseManager()) {
      ArcFaceHead arc = new ArcFaceHead(2, 1f, 0.5f, false);
      CosFaceHead cos = new CosFaceHead(2, 1f, 0.4f);
      for (var head : new Block[] {arc, cos}) {
        head.setInitializer(
            (mm, s, t) -> mm.create(new double[][] {{1, 0}, {0, 1}}).toType(t, false),
            Parameter.Type.WEIGHT);
        head.initialize(m, DataType.FLOAT64, new Shape(1, 2));
      }
      arc.setMarginFactor(0.5f);
      cos.setMarginFactor(0.5f);
      double t = Math.toRadians(30);
      var x = new NDList(m.create(new double[][] {{Math.cos(t), Math.sin(t)}}));
      var y = new NDList(m.create(new long[] {0}));
      double a = arc.forward(new ParameterStore(m, false), x, y, null).head().toDoubleArray()[0];
      double c = cos.forward(new ParameterStore(m, false), x, y, null).head().toDoubleArray()[0];
      assertThat(a).isCloseTo(Math.cos(t + 0.25), within(1e-6));
      assertThat(c).isCloseTo(Math.cos(t) - 0.2, within(1e-6));
    }
  }

  @Test
  void headAndBackboneParametersGetTheirOwnLearningRates() {
    GroupLearningRate rates =
        new GroupLearningRate(
            Tracker.fixed(0.01f), Set.of("head-w"), 10f, Set.of("conv-w", "conv-b"), 0.1f);
    assertThat(rates.getNewValue("head-w", 5)).isCloseTo(0.1f, within(1e-7f));
    assertThat(rates.getNewValue("conv-w", 5)).isCloseTo(0.001f, within(1e-9f));
    assertThat(rates.getNewValue("conv-b", 5)).isCloseTo(0.001f, within(1e-9f));
    assertThat(rates.getNewValue("linear-w", 5)).isCloseTo(0.01f, within(1e-7f));
  }
}
