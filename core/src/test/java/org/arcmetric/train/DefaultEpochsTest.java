package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.arcmetric.data.InputShape;
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
    assertThat(auto.batchSize()).isEqualTo(64);
    TrainConfig resolved = auto.forTrainingImages(4050);
    assertThat(resolved.epochs()).isEqualTo(20);
    assertThat(resolved.epochsChosen()).isTrue();
    assertThat(resolved.forTrainingImages(10)).isSameAs(resolved);
    // every other value is carried over
    assertThat(resolved.seed()).isEqualTo(7);
    assertThat(resolved.inputShape()).isEqualTo(auto.inputShape());
    assertThat(resolved.featureChoice()).isEqualTo(auto.featureChoice());
    assertThat(resolved.loss()).isEqualTo(auto.loss());
    assertThat(resolved.summary("d", 4050, 450, java.util.List.of(), null, null, null).epochs())
        .isEqualTo(20);

    TrainConfig chosen =
        TrainConfig.builder().setInputShape(InputShape.square(3, 32)).optEpochs(3).build();
    assertThat(chosen.forTrainingImages(4050)).isSameAs(chosen);
    assertThat(chosen.epochs()).isEqualTo(3);
  }
}
