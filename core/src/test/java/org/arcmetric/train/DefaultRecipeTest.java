package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.arcmetric.config.Optimisation;
import org.arcmetric.config.OptimizerKind;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.InputShape;
import org.arcmetric.model.Backbone;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;

/**
 * The optimisation each network trains with when the caller leaves it open ({@link DefaultRecipe}),
 * as {@link TrainConfig} resolves it, and that what the caller sets wins.
 */
class DefaultRecipeTest {
  private static final InputShape COLOUR = InputShape.square(3, 32);

  private static TrainConfig.Builder colour() {
    return TrainConfig.builder().setInputShape(COLOUR);
  }

  @Test
  void convnetSmallTrainsWithAirbenchsOptimisation() {
    TrainConfig c = colour().build();
    assertThat(c.backbone()).isEqualTo(new BackboneRef.BuiltIn(Backbone.CONVNET_SMALL));
    Optimisation o = c.optimisation();
    assertThat(o.optimizer()).isEqualTo(OptimizerKind.SGD);
    assertThat(o.learningRate()).isEqualTo(0.05f);
    assertThat(o.momentum()).isEqualTo(0.9f);
    assertThat(o.weightDecay()).isEqualTo(5e-4f);
    assertThat(o.marginWarmupEpochs()).isEqualTo(3f);
    assertThat(c.experimental().nesterovMomentum()).isTrue();
    assertThat(c.experimental().averaged()).isTrue();
    assertThat(c.data().augmentation()).isEqualTo(Augmentation.FLIP_SHIFT);
  }

  @Test
  void theProgressLineSaysWhichOptimisationARunUses() {
    int batch = colour().build().optimisation().batchSize();
    assertThat(colour().build().describeOptimisation())
        .isEqualTo(
            "sgd at learning rate 0.05 with Nesterov momentum 0.9 and Lookahead, batch "
                + batch
                + ", augmentation flip-shift");
    assertThat(colour().optOptimizer(OptimizerKind.ADAM).build().describeOptimisation())
        .isEqualTo("adam at learning rate 0.001, batch " + batch + ", augmentation standard");
    assertThat(
            TrainConfig.builder()
                .setInputShape(InputShape.square(1, 28))
                .optOptimizer(OptimizerKind.SGD)
                .optLearningRate(0.1f)
                .optBatchSize(32)
                .build()
                .describeOptimisation())
        .isEqualTo("sgd at learning rate 0.1 with momentum 0.9, batch 32, augmentation light");
  }

  @Test
  void theOtherNetworksKeepAdam() {
    for (TrainConfig c :
        new TrainConfig[] {
          TrainConfig.builder().setInputShape(InputShape.square(1, 28)).build(),
          TrainConfig.builder().setInputShape(InputShape.square(3, 96)).build(),
          colour().optBackbone(Backbone.RESNET_SMALL).build(),
          colour().optBackbone(new BackboneRef.TorchScript(Path.of("net.pt"), "sha256:00")).build()
        }) {
      Optimisation o = c.optimisation();
      assertThat(o.optimizer()).as(c.backbone().name()).isEqualTo(OptimizerKind.ADAM);
      assertThat(o.learningRate()).isEqualTo(1e-3f);
      assertThat(o.marginWarmupEpochs()).isZero();
      assertThat(c.experimental().nesterovMomentum()).isFalse();
      assertThat(c.experimental().averaged()).isFalse();
      assertThat(c.data().augmentation())
          .isEqualTo(Augmentation.forInput(c.inputShape()))
          .isNotEqualTo(Augmentation.FLIP_SHIFT);
    }
  }

  @Test
  void anotherOptimiserOnConvnetSmallGivesThePreviousRecipeAndItsOwnRate() {
    TrainConfig adam = colour().optOptimizer(OptimizerKind.ADAM).build();
    assertThat(adam.optimisation().learningRate()).isEqualTo(1e-3f);
    assertThat(adam.optimisation().marginWarmupEpochs()).isZero();
    assertThat(adam.experimental().nesterovMomentum()).isFalse();
    assertThat(adam.experimental().averaged()).isFalse();
    assertThat(adam.data().augmentation()).isEqualTo(Augmentation.STANDARD);
    // SGD chosen for a network whose default is Adam: SGD's rate, without the rest of the recipe
    TrainConfig sgd =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 28))
            .optOptimizer(OptimizerKind.SGD)
            .build();
    assertThat(sgd.optimisation().learningRate()).isEqualTo(DefaultRecipe.SGD_LEARNING_RATE);
    assertThat(sgd.experimental().nesterovMomentum()).isFalse();
    assertThat(sgd.experimental().averaged()).isFalse();
  }

  @Test
  void whatTheCallerSetsWins() {
    TrainConfig c =
        colour()
            .optLearningRate(0.02f)
            .optLookahead(false)
            .optNesterov(false)
            .optMarginWarmupEpochs(0)
            .optAugmentation(Augmentation.STANDARD)
            .build();
    assertThat(c.optimisation().optimizer()).isEqualTo(OptimizerKind.SGD);
    assertThat(c.optimisation().learningRate()).isEqualTo(0.02f);
    assertThat(c.optimisation().marginWarmupEpochs()).isZero();
    assertThat(c.experimental().averaged()).isFalse();
    assertThat(c.experimental().nesterovMomentum()).isFalse();
    assertThat(c.data().augmentation()).isEqualTo(Augmentation.STANDARD);
    // Nesterov is SGD's: asked for with Adam it is refused, naming both fields
    assertThatThrownBy(() -> colour().optOptimizer(OptimizerKind.ADAM).optNesterov(true).build())
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("nesterov is a kind of SGD")
        .hasMessageContaining("set optimizer sgd");
  }

  @Test
  void aBuilderReusedForAnotherNetworkResolvesItsRecipeAgain() {
    TrainConfig.Builder b = colour();
    assertThat(b.build().optimisation().optimizer()).isEqualTo(OptimizerKind.SGD);
    TrainConfig other = b.optBackbone(Backbone.RESNET_SMALL).build();
    assertThat(other.optimisation().optimizer()).isEqualTo(OptimizerKind.ADAM);
    assertThat(other.optimisation().learningRate()).isEqualTo(1e-3f);
    assertThat(other.experimental().averaged()).isFalse();
    assertThat(other.data().augmentation()).isEqualTo(Augmentation.STANDARD);
  }

  @Test
  void aBuilderReusedForAnotherInputResolvesTheNetworkFeaturesAndNormalisationAgain() {
    TrainConfig.Builder b = TrainConfig.builder().setInputShape(InputShape.square(1, 28));
    assertThat(b.build().backbone()).isEqualTo(new BackboneRef.BuiltIn(Backbone.RESNET_SMALL));
    TrainConfig colour = b.setInputShape(COLOUR).build();
    assertThat(colour.backbone()).isEqualTo(new BackboneRef.BuiltIn(Backbone.CONVNET_SMALL));
    assertThat(colour.optimisation().optimizer()).isEqualTo(OptimizerKind.SGD);
    // the default features follow the embedding's size each time
    assertThat(b.optEmbeddingDim(2048).build().featureChoice().whitened()).isFalse();
    assertThat(b.optEmbeddingDim(64).build().featureChoice())
        .isEqualTo(TrainConfig.DEFAULT_FEATURES);
    // ImageNet's statistics belong to the pretrained backbone, not to the builder
    TrainConfig.Builder p =
        colour().optBackbone(new BackboneRef.TorchScript(Path.of("net.pt"), "sha256:00"));
    assertThat(p.build().normalization()).isNotNull();
    assertThat(p.optBackbone(Backbone.CONVNET_SMALL).build().normalization()).isNull();
  }

  @Test
  void aGreyInputOnConvnetSmallKeepsItsUnmirroredAugmentation() {
    TrainConfig c =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 28))
            .optBackbone(Backbone.CONVNET_SMALL)
            .build();
    assertThat(c.optimisation().optimizer()).isEqualTo(OptimizerKind.SGD);
    assertThat(c.data().augmentation()).isEqualTo(Augmentation.LIGHT);
  }
}
