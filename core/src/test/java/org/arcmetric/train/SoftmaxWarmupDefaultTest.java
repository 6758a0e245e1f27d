package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.arcmetric.data.InputShape;
import org.arcmetric.loss.LossConfig;
import org.junit.jupiter.api.Test;

/** The softmax warm start's default: half the epochs, rounded down, for margin losses only. */
class SoftmaxWarmupDefaultTest {
  static TrainConfig.Builder builder(String loss) {
    return TrainConfig.builder()
        .setInputShape(InputShape.square(1, 16))
        .optLoss(LossConfig.parse(loss, Map.of()));
  }

  @Test
  void halfTheEpochsForMarginLossesNoneForOthers() {
    for (String margin :
        new String[] {"arcface", "cosface", "sphereface", "subcenter-arcface", "combined"}) {
      assertThat(LossConfig.parse(margin, Map.of()).hasMargin()).as(margin).isTrue();
      TrainConfig c = builder(margin).build();
      assertThat(c.softmaxWarmupEpochs(10)).as(margin).isEqualTo(5f);
      assertThat(c.softmaxWarmupEpochs(7)).as(margin).isEqualTo(3f);
      assertThat(c.softmaxWarmupEpochs(1)).as(margin).isEqualTo(0f);
    }
    for (String other :
        new String[] {"softmax", "normface", "adacos", "center", "triplet", "supcon"}) {
      assertThat(LossConfig.parse(other, Map.of()).hasMargin()).as(other).isFalse();
      assertThat(builder(other).build().softmaxWarmupEpochs(10)).as(other).isZero();
    }
    // given: as given, for any loss the trainer then accepts
    assertThat(builder("arcface").optSoftmaxWarmupEpochs(2).build().softmaxWarmupEpochs(10))
        .isEqualTo(2f);
    assertThat(builder("arcface").optSoftmaxWarmupEpochs(0).build().softmaxWarmupEpochs(10))
        .isZero();
    assertThatThrownBy(() -> builder("arcface").optSoftmaxWarmupEpochs(-1).build())
        .hasMessageContaining("softmaxWarmupEpochs must not be negative");
  }
}
