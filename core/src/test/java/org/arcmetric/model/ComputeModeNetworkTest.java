package org.arcmetric.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.compute.NoGrad;
import org.arcmetric.compute.Precision;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.loss.LossConfig;
import org.junit.jupiter.api.Test;

/**
 * The compute modes of {@link EmbeddingNetwork} against plain float32 NCHW, from the same weights:
 * the optimised float32 path (channels-last, intermediates freed stage by stage) gives the same
 * embeddings to 1e-5; bfloat16 gives the same embeddings to the tolerance below, the same loss to
 * 2%, gradients pointing the same way, and leaves the weights float32.
 */
class ComputeModeNetworkTest {
  private static final ComputeMode FP32_CL = new ComputeMode(Precision.FP32, true);
  private static final ComputeMode BF16_CL = new ComputeMode(Precision.BF16, true);

  /** Largest |Δ| of one coordinate of a unit embedding (d = 32) between bfloat16 and float32. */
  static final float BF16_EMBEDDING_TOLERANCE = 0.03f;

  /** Relative difference of the training loss between bfloat16 and float32. */
  static final double BF16_LOSS_TOLERANCE = 0.02;

  /**
   * Least cosine between the stem's gradient in bfloat16 and in float32 (its gradient has passed
   * back through every layer in bfloat16; 0.97 seen on one batch of noise).
   */
  static final double BF16_GRADIENT_COSINE = 0.95;

  private static ModelSpec spec(Backbone b, int channels, int size) {
    float[] mean = new float[channels];
    float[] std = new float[channels];
    Arrays.fill(std, 1f);
    return new ModelSpec(b, 32, InputShape.square(channels, size), new Normalization(mean, std));
  }

  private static float[] embed(EmbeddingNetwork net, NDManager m, NDArray x, ComputeMode mode) {
    net.setCompute(mode);
    try (NDManager batch = m.newSubManager();
        NoGrad g = NoGrad.enter()) {
      NDArray in = x.duplicate();
      in.attach(batch);
      return net.forward(new ParameterStore(batch, false), new NDList(in), false)
          .singletonOrThrow()
          .toFloatArray();
    }
  }

  @Test
  void everyModeEmbedsAsPlainFloat32() {
    for (Backbone b : new Backbone[] {Backbone.RESNET_SMALL, Backbone.MOBILENETV2}) {
      try (NDManager m = NDManager.newBaseManager()) {
        Engine.getEngine("PyTorch").setRandomSeed(3);
        EmbeddingNetwork net = EmbeddingNetwork.build(spec(b, 3, 32), m);
        net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        NDArray x = m.randomNormal(new Shape(6, 3, 32, 32));
        float[] plain = embed(net, m, x, ComputeMode.FP32_NCHW);
        float[] fast = embed(net, m, x, FP32_CL);
        float[] bf16 = embed(net, m, x, BF16_CL);
        for (int i = 0; i < plain.length; i++) {
          assertThat(fast[i])
              .as("%s fp32 channels-last [%d]", b, i)
              .isCloseTo(plain[i], within(1e-5f));
          assertThat(bf16[i])
              .as("%s bf16 [%d]", b, i)
              .isCloseTo(plain[i], within(BF16_EMBEDDING_TOLERANCE));
        }
      }
    }
  }

  @Test
  void aBfloat16StepLosesAsMuchAsAFloat32OneAndKeepsFloat32Weights() {
    ModelSpec spec = spec(Backbone.RESNET_SMALL, 1, 28);
    try (Model model = Model.newInstance("mixed")) {
      Engine.getEngine("PyTorch").setRandomSeed(5);
      EmbeddingNetwork embedding = EmbeddingNetwork.build(spec, model.getNDManager());
      TrainingNetwork net = new TrainingNetwork(embedding, new LossConfig.Softmax().build(4));
      model.setBlock(net);
      SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss();
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(ce)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        NDManager m = trainer.getManager();
        NDArray x = m.randomNormal(new Shape(16, 1, 28, 28));
        NDArray y = m.create(new long[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3});
        Parameter stem = embedding.backbone().getParameters().get(0).getValue();
        float[] before = stem.getArray().toFloatArray();

        double[] losses = new double[2];
        float[][] grads = new float[2][];
        ComputeMode[] modes = {ComputeMode.FP32_NCHW, BF16_CL};
        for (int i = 0; i < 2; i++) {
          embedding.setCompute(modes[i]);
          try (NDManager batch = m.newSubManager();
              GradientCollector gc = trainer.newGradientCollector()) {
            NDArray in = x.duplicate();
            in.attach(batch);
            NDList logits = trainer.forward(new NDList(in), new NDList(y));
            NDArray loss = ce.evaluate(new NDList(y), logits);
            losses[i] = loss.getFloat();
            gc.backward(loss);
          }
          NDArray g = stem.getArray().getGradient();
          grads[i] = g.toFloatArray();
          g.subi(g);
        }
        assertThat(Math.abs(losses[1] - losses[0]) / losses[0])
            .as("loss fp32 %f, bf16 %f", losses[0], losses[1])
            .isLessThan(BF16_LOSS_TOLERANCE);
        assertThat(cosine(grads[0], grads[1])).isGreaterThan(BF16_GRADIENT_COSINE);

        // a bfloat16 step updates the float32 master weights, which stay float32
        embedding.setCompute(BF16_CL);
        try (NDManager batch = m.newSubManager();
            GradientCollector gc = trainer.newGradientCollector()) {
          NDArray in = x.duplicate();
          in.attach(batch);
          gc.backward(ce.evaluate(new NDList(y), trainer.forward(new NDList(in), new NDList(y))));
        }
        trainer.step();
        assertThat(stem.getArray().getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(stem.getArray().toFloatArray()).isNotEqualTo(before);
      }
    }
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
