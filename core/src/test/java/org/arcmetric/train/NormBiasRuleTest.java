package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.model.Backbone;
import org.arcmetric.model.EmbeddingNetwork;
import org.arcmetric.model.ModelSpec;
import org.arcmetric.model.TrainingNetwork;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * airbench's BatchNorm rule on a real {@code convnet-small} through a DJL trainer: the scales stay
 * at 1 and take no gradient (also after the backbone is frozen and thawed), each shift takes one
 * step at 64 times the rate with a 64th of the decay (worked from its own gradient), the other
 * weights at the rate, and the embedding's own BatchNorms are left alone.
 */
class NormBiasRuleTest {
  private static final float ETA = 0.01f;
  private static final float LAMBDA = 0.5f;
  private static final float FACTOR = 64f;

  private static ModelSpec spec() {
    float[] mean = new float[3];
    float[] std = new float[3];
    Arrays.fill(std, 1f);
    return new ModelSpec(
        Backbone.CONVNET_SMALL, 16, InputShape.square(3, 16), new Normalization(mean, std));
  }

  @Test
  void scalesStayAtOneAndShiftsStepAt64TimesTheRateWithAFractionOfTheDecay() {
    try (Model model = Model.newInstance("rule")) {
      Engine.getEngine("PyTorch").setRandomSeed(3);
      EmbeddingNetwork embedding = EmbeddingNetwork.build(spec(), model.getNDManager());
      embedding.setCompute(ComputeMode.FP32_NCHW);
      TrainingNetwork net = new TrainingNetwork(embedding, new LossConfig.Softmax().build(4));
      model.setBlock(net);
      NormBiasRule rule = NormBiasRule.apply(embedding, FACTOR);
      GroupLearningRate base =
          new GroupLearningRate(Tracker.fixed(ETA), Set.of(), 1f, Set.of(), 1f);
      GroupLearningRate rates = rule.rates(base);
      NesterovSgd opt =
          NesterovSgd.builder()
              .setLearningRateTracker(rates)
              .optWeightDecays(LAMBDA)
              .optWeightDecayFactors(rule.decayFactors())
              .build();
      SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss();
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(ce).optOptimizer(opt))) {
        trainer.initialize(new Shape(1, 3, 16, 16));
        List<Parameter> scales = embedding.backboneNormParameters(Parameter.Type.GAMMA);
        List<Parameter> shifts = embedding.backboneNormParameters(Parameter.Type.BETA);
        // convnet-small: the stem's BatchNorm and two in each of its three groups
        assertThat(scales).hasSize(7);
        assertThat(shifts).hasSize(7);
        Set<String> shiftIds = new HashSet<>();
        shifts.forEach(p -> shiftIds.add(p.getId()));
        assertThat(rule.shiftIds()).isEqualTo(shiftIds);
        assertThat(scales).allMatch(p -> !p.requiresGradient());
        assertThat(shifts).allMatch(Parameter::requiresGradient);
        // the embedding's BatchNorms (after the backbone) keep their scales and usual rate
        long ownScales =
            net.getParameters().stream()
                .map(Pair::getValue)
                .filter(p -> p.getType() == Parameter.Type.GAMMA && p.requiresGradient())
                .count();
        assertThat(ownScales).isEqualTo(2);
        Parameter conv = embedding.backbone().getParameters().get(0).getValue();
        assertThat(rates.getNewValue(conv.getId(), 1)).isEqualTo(ETA);
        assertThat(rates.getNewValue(shifts.get(3).getId(), 1)).isEqualTo(ETA * FACTOR);
        assertThat(rule.decayFactors()).containsEntry(shifts.get(3).getId(), 1f / FACTOR);

        // one step from β = 0.5: β ← β − 64η·(∇β + (λ/64)·β)
        Parameter beta = shifts.get(2);
        float[] half = new float[(int) beta.getArray().size()];
        Arrays.fill(half, 0.5f);
        WeightValues.overwrite(beta.getArray(), half);
        NDManager m = trainer.getManager();
        NDArray x = m.randomNormal(new Shape(8, 3, 16, 16));
        NDArray y = m.create(new long[] {0, 1, 2, 3, 0, 1, 2, 3});
        float[] grad;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDList logits = trainer.forward(new NDList(x), new NDList(y));
          gc.backward(ce.evaluate(new NDList(y), logits));
        }
        grad = beta.getArray().getGradient().toFloatArray();
        assertThat(grad).as("the shift has a gradient").isNotEqualTo(new float[grad.length]);
        trainer.step();
        float[] after = beta.getArray().toFloatArray();
        for (int i = 0; i < after.length; i++) {
          float want = 0.5f - ETA * FACTOR * (grad[i] + LAMBDA / FACTOR * 0.5f);
          assertThat(after[i]).isCloseTo(want, Offset.offset(1e-5f));
        }
        for (Parameter s : scales) {
          assertThat(s.getArray().toFloatArray()).containsOnly(1f);
        }

        // freezing the backbone and thawing it leaves the scales fixed, the shifts learning
        embedding.freezeBackbone(true);
        assertThat(shifts).allMatch(p -> !p.requiresGradient());
        embedding.freezeBackbone(false);
        assertThat(scales).allMatch(p -> !p.requiresGradient());
        assertThat(shifts).allMatch(Parameter::requiresGradient);
        assertThat(conv.requiresGradient()).isTrue();
      }
    }
  }

  @Test
  void theFactorMustBeAtLeastOneAndDecayFactorsNotNegative() {
    try (Model model = Model.newInstance("bad")) {
      EmbeddingNetwork embedding = EmbeddingNetwork.build(spec(), model.getNDManager());
      assertThatThrownBy(() -> NormBiasRule.apply(embedding, 0.5f))
          .hasMessageContaining("at least 1");
    }
    assertThatThrownBy(
            () ->
                NesterovSgd.builder()
                    .setLearningRateTracker((id, n) -> 1f)
                    .optWeightDecayFactors(java.util.Map.of("b", -1f))
                    .build())
        .hasMessageContaining("must not be negative");
  }
}
