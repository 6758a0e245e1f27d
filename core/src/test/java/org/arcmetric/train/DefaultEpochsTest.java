package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.options.InvalidOptionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The default number of epochs: 10, or enough for 1,250 steps on small data, at most 100. */
class DefaultEpochsTest {
  @Test
  void handValues() {
    // 4,050 images at batch 64: 64 steps an epoch (the last one partial), 1250 / 64 → 20 epochs
    assertThat(TrainConfig.defaultEpochs(4050, 64)).isEqualTo(20);
    // 37,800 images: 591 steps an epoch, 3 epochs would do, the floor of 10 applies
    assertThat(TrainConfig.defaultEpochs(37_800, 64)).isEqualTo(10);
    // exactly 125 steps an epoch: 10 epochs make 1,250 steps
    assertThat(TrainConfig.defaultEpochs(125 * 64, 64)).isEqualTo(10);
    // 124 steps an epoch: 10 make 1,240, one more epoch is needed
    assertThat(TrainConfig.defaultEpochs(124 * 64, 64)).isEqualTo(11);
    // 100 images at batch 64: 2 steps an epoch would need 625 epochs; capped at 100
    assertThat(TrainConfig.defaultEpochs(100, 64)).isEqualTo(100);
    assertThat(TrainConfig.defaultEpochs(4050, 128)).isEqualTo(40);
  }

  @Test
  void aConfigWithoutEpochsResolvesForItsDataAndOneWithEpochsKeepsThem() {
    TrainConfig auto =
        TrainConfig.builder().setInputShape(InputShape.square(3, 32)).optSeed(7).build();
    assertThat(auto.epochsChosen()).isFalse();
    assertThat(auto.epochs()).isEqualTo(TrainConfig.DEFAULT_EPOCHS);
    assertThat(auto.optimisation().batchSize()).isEqualTo(64);
    assertThat(auto.epochsFor(4050)).isEqualTo(20);
    assertThat(auto.epochsFor(37_800)).isEqualTo(10);
    // model.json records the epochs the run resolved
    assertThat(auto.optimisation().epochs()).isNull();
    assertThat(auto.record("d", auto.epochsFor(4050), null).optimisation().epochs()).isEqualTo(20);

    TrainConfig chosen =
        TrainConfig.builder().setInputShape(InputShape.square(3, 32)).optEpochs(3).build();
    assertThat(chosen.epochsFor(4050)).isEqualTo(3);
    assertThat(chosen.epochs()).isEqualTo(3);
  }

  @Test
  void theRunPlanCarriesTheEpochsForItsTrainingImages() {
    ImageSet data = Synthetic.stripes(4, 30, 16, 1);
    TrainConfig auto = TrainConfig.builder().setInputShape(InputShape.square(1, 16)).build();
    RunPlan plan = RunPlan.of(data, auto);
    // 108 training images after the 10% validation split: 2 steps an epoch, capped at 100 epochs
    assertThat(plan.train().size()).isEqualTo(108);
    assertThat(plan.epochs()).isEqualTo(100);
    TrainConfig chosen =
        TrainConfig.builder().setInputShape(InputShape.square(1, 16)).optEpochs(3).build();
    assertThat(RunPlan.of(data, chosen).epochs()).isEqualTo(3);
  }

  @Test
  void aFreezeWithoutEpochsIsCheckedAgainstTheEpochsTheDataGives() {
    // 108 training images: the data gives 100 epochs, so freezing 15 is fine; before, the freeze
    // was checked against the floor of 10 and refused
    ImageSet data = Synthetic.stripes(4, 30, 16, 1);
    TrainConfig small =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 16))
            .optFreezeBackboneEpochs(15)
            .build();
    assertThat(RunPlan.of(data, small).epochs()).isEqualTo(100);
    // 800 images, 720 of them for training at batch 16: the data gives 28 epochs, so a freeze of
    // 15 runs and one of 30 is refused when the run is planned, naming both options
    ImageSet many = Synthetic.stripes(4, 200, 8, 1);
    TrainConfig tooLong =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 8))
            .optBatchSize(16)
            .optFreezeBackboneEpochs(15)
            .build();
    // 720 training images at batch 16: 45 steps an epoch, 1250 / 45 → 28 epochs
    assertThat(tooLong.epochsFor(720)).isEqualTo(28);
    TrainConfig refused =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 8))
            .optBatchSize(16)
            .optFreezeBackboneEpochs(30)
            .build();
    Assertions.assertThatThrownBy(() -> RunPlan.of(many, refused))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("freezeBackboneEpochs is 30 but the run has 28 epochs")
        .hasMessageContaining("at a batchSize of 16): give epochs of at least 30");
    assertThat(RunPlan.of(many, tooLong).epochs()).isEqualTo(28);
    // a freeze beyond any default is refused when the config is built
    Assertions.assertThatThrownBy(
            () ->
                TrainConfig.builder()
                    .setInputShape(InputShape.square(1, 8))
                    .optFreezeBackboneEpochs(101)
                    .build())
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("between 0 and 100");
  }
}
