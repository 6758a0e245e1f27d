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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ArcFace against the paper's formula on 2-D unit vectors at known angles, with two classes whose
 * weights point along 0 and π/2.
 */
class ArcFaceHeadTest {
  private static final double S = 30;
  private static final double M = 0.5;
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** A head with W = [[1, 0], [0, 1]] (class 0 at angle 0, class 1 at π/2), in float64. */
  private ArcFaceHead head(boolean easy) {
    ArcFaceHead head = new ArcFaceHead(2, (float) S, (float) M, easy);
    head.setInitializer(
        (m, shape, type) -> m.create(new double[][] {{1, 0}, {0, 1}}).toType(type, false),
        Parameter.Type.WEIGHT);
    head.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
    return head;
  }

  private double[] logits(ArcFaceHead head, double angle, int label) {
    NDArray x = manager.create(new double[][] {{Math.cos(angle), Math.sin(angle)}});
    NDArray y = manager.create(new long[] {label});
    NDList out =
        head.forward(new ParameterStore(manager, false), new NDList(x), new NDList(y), null);
    return out.singletonOrThrow().toDoubleArray();
  }

  @Test
  void targetLogitIsScaledCosineOfAngleplusMargin() {
    double theta = Math.toRadians(30);
    double[] l = logits(head(false), theta, 0);
    assertThat(l[0]).isCloseTo(S * Math.cos(theta + M), within(1e-6));
    // the non-target class keeps s·cos θ1, θ1 = 60°
    assertThat(l[1]).isCloseTo(S * Math.cos(Math.toRadians(60)), within(1e-6));
  }

  @Test
  void trainingStepsAndCentresLeaveNoArrayOnTheParametersManager() {
    ArcFaceHead head = head(false);
    NDManager parameters = head.getParameters().get("weight").getArray().getManager();
    int before = parameters.getManagedArrays().size();
    for (boolean plain : new boolean[] {false, true}) {
      head.setPlainSoftmax(plain);
      try (NDManager batch = manager.newSubManager();
          GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray x = batch.create(new double[][] {{0.6, 0.8}, {1, 0}});
        x.setRequiresGradient(true);
        NDArray y = batch.create(new long[] {1, 0});
        NDArray logits =
            head.forward(new ParameterStore(batch, false), new NDList(x), new NDList(y), null)
                .singletonOrThrow();
        gc.backward(logits.sum());
        assertThat(
                java.util.Arrays.stream(x.getGradient().toDoubleArray()).allMatch(Double::isFinite))
            .isTrue();
      }
      assertThat(head.centres()).hasNumberOfRows(2);
    }
    // a leak here grows with every step of a run, by the size of W (C × d) several times over
    assertThat(parameters.getManagedArrays()).hasSize(before);
  }

  @Test
  void withoutLabelsTheHeadReturnsPlainScaledCosines() {
    ArcFaceHead head = head(false);
    double theta = Math.toRadians(30);
    NDArray x = manager.create(new double[][] {{Math.cos(theta), Math.sin(theta)}});
    double[] l =
        head.forward(new ParameterStore(manager, false), new NDList(x), false)
            .singletonOrThrow()
            .toDoubleArray();
    assertThat(l[0]).isCloseTo(S * Math.cos(theta), within(1e-6));
    assertThat(l[1]).isCloseTo(S * Math.sin(theta), within(1e-6));
  }

  @Test
  void embeddingLengthDoesNotMatter() {
    ArcFaceHead head = head(false);
    NDArray x = manager.create(new double[][] {{5 * Math.cos(0.3), 5 * Math.sin(0.3)}});
    double[] l =
        head.forward(
                new ParameterStore(manager, false),
                new NDList(x),
                new NDList(manager.create(new long[] {1})),
                null)
            .singletonOrThrow()
            .toDoubleArray();
    assertThat(l[1]).isCloseTo(S * Math.cos(Math.PI / 2 - 0.3 + M), within(1e-6));
  }

  @Test
  void beyondPiMinusMarginFallsBackToCosMinusMSinM() {
    double theta = Math.toRadians(170); // θ + m > π
    double[] l = logits(head(false), theta, 0);
    assertThat(l[0]).isCloseTo(S * (Math.cos(theta) - M * Math.sin(M)), within(1e-6));
    // the fallback is below the plain cosine: still a penalty
    assertThat(l[0]).isLessThan(S * Math.cos(theta));
  }

  @Test
  void easyMarginLeavesObtuseAnglesAlone() {
    double[] acute = logits(head(true), Math.toRadians(40), 0);
    double[] obtuse = logits(head(true), Math.toRadians(120), 0);
    assertThat(acute[0]).isCloseTo(S * Math.cos(Math.toRadians(40) + M), within(1e-6));
    assertThat(obtuse[0]).isCloseTo(S * Math.cos(Math.toRadians(120)), within(1e-6));
  }

  @Test
  void cosineOfExactlyOneOrMinusOneGivesFiniteValuesAndGradients() {
    for (double angle : new double[] {0, Math.PI}) {
      for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
        ArcFaceHead head = new ArcFaceHead(2, 64f, 0.5f, false);
        head.setInitializer(
            (m, shape, t) -> m.create(new float[][] {{1, 0}, {0, 1}}).toType(t, false),
            Parameter.Type.WEIGHT);
        head.initialize(manager, type, new Shape(1, 2));
        NDArray x =
            manager
                .create(new float[][] {{(float) Math.cos(angle), (float) Math.sin(angle)}})
                .toType(type, false);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray logits =
              head.forward(
                      new ParameterStore(manager, false),
                      new NDList(x),
                      new NDList(manager.create(new long[] {0})),
                      null)
                  .singletonOrThrow();
          NDArray loss =
              new SoftmaxCrossEntropyLoss()
                  .evaluate(new NDList(manager.create(new long[] {0})), new NDList(logits));
          gc.backward(loss);
          assertFinite(logits.toType(DataType.FLOAT64, false).toDoubleArray());
          assertFinite(x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
          assertFinite(
              head.getParameters()
                  .get("weight")
                  .getArray()
                  .getGradient()
                  .toType(DataType.FLOAT64, false)
                  .toDoubleArray());
        }
      }
    }
  }

  /**
   * The cause of the NaNs seen with a naive ArcFace: at cos θ = 1 (an embedding exactly on its
   * class weight, which float rounding and the clamp to [−1, 1] produce) the derivative of {@code
   * sqrt(1 − cos²θ)} is infinite. The unclamped formula's gradient is not finite; the head's is.
   */
  @Test
  void naiveSineHasAnInfiniteGradientAtCosOneTheHeadDoesNot() {
    NDArray c = manager.create(new float[] {1f});
    c.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray naive =
          c.mul((float) Math.cos(M)).sub(c.square().neg().add(1f).sqrt().mul((float) Math.sin(M)));
      gc.backward(naive.sum());
      assertThat(Float.isFinite(c.getGradient().getFloat(0))).isFalse();
    }
    NDArray c2 = manager.create(new float[][] {{1f}});
    c2.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray safe = new ArcFaceHead(2, 30f, (float) M, false).targetLogit(c2);
      gc.backward(safe.sum());
      assertThat(Float.isFinite(c2.getGradient().getFloat(0, 0))).isTrue();
      assertThat(safe.getFloat(0, 0)).isCloseTo((float) Math.cos(M), within(1e-3f));
    }
  }

  @Test
  void zeroEmbeddingGivesFiniteLogits() {
    NDArray x = manager.create(new double[][] {{0, 0}});
    double[] l =
        head(false)
            .forward(
                new ParameterStore(manager, false),
                new NDList(x),
                new NDList(manager.create(new long[] {0})),
                null)
            .singletonOrThrow()
            .toDoubleArray();
    assertFinite(l);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    ArcFaceHead head = head(false);
    double[] x0 = {0.8, 0.35}; // not unit length: the gradient goes through the normalisation
    double h = 1e-6;
    double[] analytic = gradient(head, x0);
    for (int i = 0; i < 2; i++) {
      double[] plus = x0.clone();
      double[] minus = x0.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (loss(head, plus) - loss(head, minus)) / (2 * h);
      assertThat(analytic[i]).as("dL/dx[%d]", i).isCloseTo(numeric, within(1e-6));
    }
  }

  private double loss(ArcFaceHead head, double[] x) {
    NDArray logits =
        head.forward(
                new ParameterStore(manager, false),
                new NDList(manager.create(new double[][] {x})),
                new NDList(manager.create(new long[] {1})),
                null)
            .singletonOrThrow();
    return new SoftmaxCrossEntropyLoss()
        .evaluate(new NDList(manager.create(new long[] {1})), new NDList(logits))
        .getDouble();
  }

  private double[] gradient(ArcFaceHead head, double[] x0) {
    NDArray x = manager.create(new double[][] {x0});
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray logits =
          head.forward(
                  new ParameterStore(manager, false),
                  new NDList(x),
                  new NDList(manager.create(new long[] {1})),
                  null)
              .singletonOrThrow();
      gc.backward(
          new SoftmaxCrossEntropyLoss()
              .evaluate(new NDList(manager.create(new long[] {1})), new NDList(logits)));
      return x.getGradient().toDoubleArray();
    }
  }

  @Test
  void marginOutsideRangeIsRefused() {
    assertThatThrownBy(() -> new ArcFaceHead(10, 30, 28.6f, false)).hasMessageContaining("radians");
    assertThatThrownBy(() -> new ArcFaceHead(1, 30, 0.5f, false))
        .hasMessageContaining("at least 2 classes");
  }

  private static void assertFinite(double[] values) {
    for (double v : values) {
      assertThat(Double.isFinite(v)).as("finite: %s", v).isTrue();
    }
  }
}
