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
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arcmetric.model.ModelFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every head against its paper's formula on 2-D unit vectors at known angles (class weights at 0
 * and π/2), with finite-difference gradient checks and the numerical edge cases.
 */
class HeadFamilyTest {
  static final double S = 30;
  NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  <B extends Block> B init(B head, double[][] weight, DataType type) {
    head.setInitializer((m, shape, t) -> m.create(weight).toType(t, false), Parameter.Type.WEIGHT);
    head.initialize(manager, type, new Shape(1, 2));
    return head;
  }

  static final double[][] AXES = {{1, 0}, {0, 1}};

  double[] logits(Block head, double angle, long label) {
    NDArray x = manager.create(new double[][] {{Math.cos(angle), Math.sin(angle)}});
    return head.forward(
            new ParameterStore(manager, false),
            new NDList(x),
            new NDList(manager.create(new long[] {label})),
            null)
        .singletonOrThrow()
        .toDoubleArray();
  }

  @Test
  void cosFaceSubtractsTheMarginFromTheTargetCosine() {
    double t = Math.toRadians(40);
    double[] l = logits(init(new CosFaceHead(2, (float) S, 0.35f), AXES, DataType.FLOAT64), t, 0);
    assertThat(l[0]).isCloseTo(S * (Math.cos(t) - 0.35), within(1e-6));
    assertThat(l[1]).isCloseTo(S * Math.sin(t), within(1e-6));
  }

  @Test
  void normFaceIsScaledCosineWithoutMargin() {
    double t = Math.toRadians(40);
    double[] l = logits(init(new NormFaceHead(2, 16f), AXES, DataType.FLOAT64), t, 1);
    assertThat(l[0]).isCloseTo(16 * Math.cos(t), within(1e-6));
    assertThat(l[1]).isCloseTo(16 * Math.sin(t), within(1e-6));
  }

  @Test
  void sphereFacePsiIsTheMonotonicExtensionOfCosMTheta() {
    SphereFaceHead head = new SphereFaceHead(2, (float) S, 4, 0f, 0f, 0f, 0f); // λ = 0: pure ψ
    NDArray c =
        manager.create(
            new double[][] {
              {Math.cos(Math.toRadians(30))},
              {Math.cos(Math.toRadians(60))},
              {Math.cos(Math.toRadians(100))}
            });
    double[] psi = head.psi(c).toDoubleArray();
    assertThat(psi[0]).isCloseTo(Math.cos(Math.toRadians(120)), within(1e-6)); // k = 0
    assertThat(psi[1]).isCloseTo(-Math.cos(Math.toRadians(240)) - 2, within(1e-6)); // k = 1
    assertThat(psi[2]).isCloseTo(Math.cos(Math.toRadians(400)) - 4, within(1e-6)); // k = 2
    assertThat(psi[0]).isGreaterThan(psi[1]);
    assertThat(psi[1]).isGreaterThan(psi[2]);
  }

  @Test
  void sphereFaceAnnealsFromSoftmaxTowardsTheMargin() {
    SphereFaceHead head =
        init(new SphereFaceHead(2, (float) S, 4, 1000f, 5f, 0.12f, 1f), AXES, DataType.FLOAT64);
    double t = Math.toRadians(30);
    double psi = Math.cos(4 * t);
    double[] first = logits(head, t, 0); // step 0: λ = 1000
    assertThat(first[0]).isCloseTo(S * (1000 * Math.cos(t) + psi) / 1001, within(1e-6));
    head.setStep(1_000_000);
    assertThat(head.lambda()).isEqualTo(5f);
    double[] late = logits(head, t, 0);
    assertThat(late[0]).isCloseTo(S * (5 * Math.cos(t) + psi) / 6, within(1e-6));
  }

  @Test
  void adaCosFixedScaleAndDynamicUpdateByHand() {
    assertThat(AdaCosHead.fixedScale(10))
        .isCloseTo((float) (Math.sqrt(2) * Math.log(9)), within(1e-5f));
    assertThat(AdaCosHead.fixedScale(2)).isEqualTo(1f);
    AdaCosHead head = init(new AdaCosHead(2, true), AXES, DataType.FLOAT64);
    double s0 = AdaCosHead.fixedScale(2);
    double t = Math.toRadians(30); // target angle 30°, non-target cos = sin 30°
    double[] l = logits(head, t, 0);
    double expected = Math.log(Math.exp(s0 * Math.sin(t))) / Math.cos(Math.min(Math.PI / 4, t));
    assertThat(head.currentScale()).isCloseTo((float) expected, within(1e-4f));
    assertThat(l[0]).isCloseTo(expected * Math.cos(t), within(1e-4));
    AdaCosHead fixed = init(new AdaCosHead(2, false), AXES, DataType.FLOAT64);
    logits(fixed, t, 0);
    assertThat(fixed.currentScale()).isEqualTo((float) s0);
  }

  @Test
  void subCenterTakesTheBestOfEachClassesCentres() {
    // class 0: centres at 0° and 180°; class 1: at 90° and 270°  (rows: c0k0, c0k1, c1k0, c1k1)
    double[][] w = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    ArcFaceHead head = init(new ArcFaceHead(2, (float) S, 0.5f, false, 2), w, DataType.FLOAT64);
    double t = Math.toRadians(170);
    double[] l = logits(head, t, 0);
    assertThat(l[0]).isCloseTo(S * Math.cos(Math.toRadians(10) + 0.5), within(1e-6));
    assertThat(l[1]).isCloseTo(S * Math.cos(Math.toRadians(80)), within(1e-6));
  }

  @Test
  void softmaxIsALinearClassifier() {
    LinearSoftmaxHead head = new LinearSoftmaxHead(2);
    head.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
    NDArray x = manager.create(new double[][] {{2, -1}});
    double[] out =
        head.forward(new ParameterStore(manager, false), new NDList(x), false)
            .singletonOrThrow()
            .toDoubleArray();
    var params = head.getParameters();
    double[] w = params.valueAt(0).getArray().toDoubleArray();
    double[] b = params.valueAt(1).getArray().toDoubleArray();
    assertThat(out[0]).isCloseTo(2 * w[0] - w[1] + b[0], within(1e-9));
    assertThat(out[1]).isCloseTo(2 * w[2] - w[3] + b[1], within(1e-9));
  }

  static Stream<LossConfig> configs() {
    return Stream.of(
        LossConfig.arcface(),
        new LossConfig.ArcFace(30f, 0.5f, true),
        new LossConfig.SubCenterArcFace(30f, 0.5f, false, 3),
        new LossConfig.CosFace(30f, 0.35f),
        new LossConfig.SphereFace(30f, 4, 1000f, 5f, 0.12f, 1f),
        new LossConfig.AdaCos(false),
        new LossConfig.AdaCos(true),
        new LossConfig.NormFace(30f),
        new LossConfig.Combined(30f, 1f, 0.3f, 0.2f),
        new LossConfig.Combined(30f, 2f, 0.1f, 0.1f),
        new LossConfig.Softmax());
  }

  private double loss(Block head, double[][] x, long[] y) {
    NDArray logits =
        head.forward(
                new ParameterStore(manager, false),
                new NDList(manager.create(x)),
                new NDList(manager.create(y)),
                null)
            .singletonOrThrow();
    return new SoftmaxCrossEntropyLoss()
        .evaluate(new NDList(manager.create(y)), new NDList(logits))
        .getDouble();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void gradientMatchesFiniteDifferences(LossConfig config) {
    Block head = config.build(3);
    head.initialize(manager, DataType.FLOAT64, new Shape(2, 2));
    if (head instanceof SphereFaceHead sf) {
      sf.setStep(1_000_000); // the margin in full, not the softmax-like start
    }
    double[][] x = {{0.8, 0.35}, {-0.2, 0.9}};
    long[] y = {1, 2};
    NDArray xa = manager.create(x);
    xa.setRequiresGradient(true);
    double[] analytic;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray logits =
          head.forward(
                  new ParameterStore(manager, false),
                  new NDList(xa),
                  new NDList(manager.create(y)),
                  null)
              .singletonOrThrow();
      gc.backward(
          new SoftmaxCrossEntropyLoss()
              .evaluate(new NDList(manager.create(y)), new NDList(logits)));
      analytic = xa.getGradient().toDoubleArray();
    }
    if (config instanceof LossConfig.AdaCos a && a.dynamic()) {
      // s changes with every forward pass, so finite differences do not apply; s is a constant
      // within one pass (checked in the fixed case), so the gradient only has to be finite
      for (double g : analytic) {
        assertThat(Double.isFinite(g)).isTrue();
      }
      return;
    }
    double h = 1e-6;
    for (int i = 0; i < 4; i++) {
      double[][] plus = {x[0].clone(), x[1].clone()};
      double[][] minus = {x[0].clone(), x[1].clone()};
      plus[i / 2][i % 2] += h;
      minus[i / 2][i % 2] -= h;
      if (head instanceof SphereFaceHead sf) {
        sf.setStep(1_000_000);
      }
      double lp = loss(head, plus, y);
      if (head instanceof SphereFaceHead sf) {
        sf.setStep(1_000_000);
      }
      double lm = loss(head, minus, y);
      assertThat(analytic[i])
          .as("%s dL/dx[%d]", config.name(), i)
          .isCloseTo((lp - lm) / (2 * h), within(1e-5));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void edgeCasesGiveFiniteLossAndGradientsInFloat32(LossConfig config) {
    // embeddings exactly on a class weight (cos = 1), exactly opposite (cos = −1, θ + m > π),
    // and a batch in which every sample has the same label
    Block head = config.build(2);
    // every weight row points along (1, 0)
    head.setInitializer(
        (m, shape, t) ->
            m.create(new float[] {1, 0})
                .tile(new long[] {shape.get(0)})
                .reshape(shape)
                .toType(t, false),
        Parameter.Type.WEIGHT);
    head.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
    NDArray x = manager.create(new float[][] {{1, 0}, {-1, 0}, {0, 0}, {1e-30f, 1}});
    x.setRequiresGradient(true);
    long[] y = {0, 0, 0, 0};
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray logits =
          head.forward(
                  new ParameterStore(manager, false),
                  new NDList(x),
                  new NDList(manager.create(y)),
                  null)
              .singletonOrThrow();
      NDArray loss =
          new SoftmaxCrossEntropyLoss().evaluate(new NDList(manager.create(y)), new NDList(logits));
      gc.backward(loss);
      assertThat(Float.isFinite(loss.getFloat())).as("loss").isTrue();
      for (float g : x.getGradient().toFloatArray()) {
        assertThat(Float.isFinite(g)).as("gradient").isTrue();
      }
    }
  }

  @Test
  void veryLargeScaleStaysFinite() {
    ArcFaceHead head = init(new ArcFaceHead(2, 1e4f, 0.5f, false), AXES, DataType.FLOAT32);
    NDArray x = manager.create(new float[][] {{0.6f, 0.8f}});
    NDArray logits =
        head.forward(
                new ParameterStore(manager, false),
                new NDList(x),
                new NDList(manager.create(new long[] {0})),
                null)
            .singletonOrThrow();
    float loss =
        new SoftmaxCrossEntropyLoss()
            .evaluate(new NDList(manager.create(new long[] {0})), new NDList(logits))
            .getFloat();
    assertThat(Float.isFinite(loss)).isTrue();
  }

  @Test
  void parseAppliesDefaultsAndRefusesOptionsThatDoNotApply() {
    assertThat(LossConfig.parse("cosface", Map.of())).isEqualTo(new LossConfig.CosFace(30f, 0.35f));
    assertThat(LossConfig.parse("ArcFace", Map.of("margin", 0.3f)))
        .isEqualTo(new LossConfig.ArcFace(30f, 0.3f, false));
    assertThat(LossConfig.parse("subcenter-arcface", Map.of()))
        .isEqualTo(new LossConfig.SubCenterArcFace(30f, 0.5f, false, 3));
    assertThat(LossConfig.parse("sphereface", Map.of()))
        .isEqualTo(new LossConfig.SphereFace(30f, 4, 1000f, 5f, 0.12f, 1f));
    assertThatThrownBy(() -> LossConfig.parse("triplet-ish", Map.of()))
        .hasMessageContaining("unknown loss")
        .hasMessageContaining(
            "arcface, cosface, sphereface, adacos, subcenter-arcface, combined, normface,"
                + " softmax");
    assertThatThrownBy(() -> LossConfig.parse("softmax", Map.of("scale", 30f)))
        .hasMessageContaining("scale does not apply to loss softmax (it takes no options)");
    assertThatThrownBy(() -> LossConfig.parse("cosface", Map.of("subCentres", 3)))
        .hasMessageContaining(
            "subCentres does not apply to loss cosface; its options are margin, scale");
    assertThatThrownBy(() -> LossConfig.parse("sphereface", Map.of("margin", 0.5f)))
        .hasMessageContaining("integer");
  }

  static Stream<LossConfig> allConfigs() {
    return Stream.concat(
        configs(),
        Stream.of(
            LossConfig.parse("contrastive", Map.of("distance", "euclidean")),
            LossConfig.parse("triplet", Map.of("mining", "semi-hard", "margin", 0.3f)),
            LossConfig.parse("multi-similarity", Map.of("imagesPerClass", 8))));
  }

  @Test
  void pairLossesParseWithDefaultsAndCheckTheirNames() {
    assertThat(LossConfig.parse("triplet", Map.of()))
        .isEqualTo(new LossConfig.Triplet("cosine", 0.2f, "batch-hard", 4));
    assertThat(LossConfig.parse("contrastive", Map.of()).imagesPerClass()).isEqualTo(4);
    assertThat(LossConfig.parse("contrastive", Map.of()).classifies()).isFalse();
    assertThatThrownBy(() -> LossConfig.parse("triplet", Map.of("mining", "hardest")))
        .hasMessageContaining("batch-hard or semi-hard");
    assertThatThrownBy(() -> LossConfig.parse("contrastive", Map.of("distance", "manhattan")))
        .hasMessageContaining("cosine or euclidean");
    assertThatThrownBy(() -> LossConfig.parse("triplet", Map.of("imagesPerClass", 1)))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> LossConfig.parse("multi-similarity", Map.of("margin", 0.1f)))
        .hasMessageContaining("margin does not apply to loss multi-similarity");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allConfigs")
  void configsRoundTripThroughModelJson(LossConfig config) throws Exception {
    String json = ModelFolder.JSON.writeValueAsString(config);
    assertThat(json).contains("\"name\" : \"" + config.name() + "\"");
    assertThat(ModelFolder.JSON.readValue(json, LossConfig.class)).isEqualTo(config);
  }

  @Test
  void arcfaceJsonKeepsTheFormatOfTheFirstRelease() throws Exception {
    LossConfig read =
        ModelFolder.JSON.readValue(
            "{\"name\":\"arcface\",\"scale\":30.0,\"margin\":0.5,\"easy_margin\":false}",
            LossConfig.class);
    assertThat(read).isEqualTo(LossConfig.arcface());
  }

  @Test
  void subCentreArcFaceKeepsItsModelJsonKeyAndEveryLossIsRegisteredOnce() throws Exception {
    String json =
        ModelFolder.JSON.writeValueAsString(new LossConfig.SubCenterArcFace(30f, 0.5f, false, 3));
    assertThat(json).contains("\"sub_centers\" : 3");
    // every record of the sealed family is registered, once
    List<Class<?>> records = new ArrayList<>();
    for (Class<?> c : LossConfig.class.getPermittedSubclasses()) {
      if (c.isRecord()) {
        records.add(c);
      } else {
        records.addAll(List.of(c.getPermittedSubclasses()));
      }
    }
    assertThat(LossRegistry.ALL.stream().<Class<?>>map(LossType::type).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(records);
    assertThat(LossRegistry.names()).doesNotHaveDuplicates();
    for (LossType t : LossRegistry.ALL) {
      // every registered loss builds from its defaults alone, as the type it declares
      LossConfig c = LossConfig.parse(t.name(), Map.of());
      assertThat(c).isInstanceOf(t.type());
      assertThat(c.name()).isEqualTo(t.name());
    }
  }

  @Test
  void aLossContributesTheListenersItsHeadNeeds() {
    ArcFaceHead arc = new ArcFaceHead(2, 30f, 0.5f, false);
    assertThat(LossConfig.arcface().trainingListeners(arc, 0, 0, 0)).isEmpty();
    assertThat(LossConfig.arcface().trainingListeners(arc, 0, 0, 10)).hasSize(1);
    assertThat(arc.marginFactor()).isZero(); // the warm-up starts the margin at 0
    assertThat(LossConfig.arcface().trainingListeners(arc, 0, 5, 0)).hasSize(1);
    assertThat(arc.plainSoftmax()).isTrue(); // the softmax warm start
    assertThatThrownBy(
            () -> new LossConfig.Softmax().trainingListeners(new LinearSoftmaxHead(2), 0, 0, 10))
        .hasMessage("marginWarmupEpochs applies to margin heads, not to loss softmax");
    assertThatThrownBy(
            () -> new LossConfig.Softmax().trainingListeners(new LinearSoftmaxHead(2), 0, 3, 0))
        .hasMessage("softmaxWarmupEpochs applies to margin heads, not to loss softmax");
    SphereFaceHead sphere = new SphereFaceHead(2, 30f, 4, 1000f, 5f, 0.12f, 1f);
    double fresh = sphere.lambda();
    LossConfig.parse("sphereface", Map.of()).trainingListeners(sphere, 500, 0, 0);
    assertThat(sphere.lambda()).isLessThan((float) fresh); // λ continues from step 500
  }

  @Test
  void theScaleIsBoundedSoAHugeOneIsRefusedBeforeTraining() {
    assertThatThrownBy(() -> LossConfig.parse("arcface", Map.of("scale", 1e30f)))
        .hasMessageContaining("scale must be above 0 and at most 256")
        .hasMessageContaining("got 1.0E30");
    assertThatThrownBy(() -> LossConfig.parse("normface", Map.of("scale", 0f)))
        .hasMessageContaining("scale must be above 0");
    assertThat(LossConfig.parse("cosface", Map.of("scale", 256f)).scaleOrNaN()).isEqualTo(256f);
  }

  @Test
  void everyLossDescribesItselfFromItsOwnRecord() {
    assertThat(LossConfig.arcface().describe()).isEqualTo("arcface, s = 30, m = 0.5");
    assertThat(new LossConfig.SubCenterArcFace(30f, 0.5f, false, 3).describe())
        .isEqualTo("subcenter-arcface, s = 30, m = 0.5, subCentres = 3");
    assertThat(new LossConfig.Softmax().describe()).isEqualTo("softmax");
    allConfigs().forEach(c -> assertThat(c.describe()).startsWith(c.name()));
  }
}
