package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.arcmetric.data.InputShape;
import org.arcmetric.model.Backbone;
import org.arcmetric.model.BackboneRef;
import org.junit.jupiter.api.Test;

/** The network chosen for each input size when none is given, and that a given one is kept. */
class DefaultBackboneTest {
  private static String chosen(int channels, int height, int width) {
    return TrainConfig.builder()
        .setInputShape(new InputShape(channels, height, width))
        .build()
        .backbone()
        .name();
  }

  @Test
  void theStrideOneStemUpTo64PxAndTheStrideTwoStemAbove() {
    assertThat(chosen(1, 28, 28)).isEqualTo("resnet-small");
    assertThat(chosen(3, 64, 64)).isEqualTo("resnet-small");
    assertThat(chosen(3, 65, 65)).isEqualTo("resnet-small-s2");
    assertThat(chosen(3, 96, 96)).isEqualTo("resnet-small-s2");
    assertThat(chosen(3, 224, 224)).isEqualTo("resnet-small-s2");
    // the shorter side decides
    assertThat(chosen(3, 96, 64)).isEqualTo("resnet-small");
  }

  @Test
  void aGivenBackboneIsKeptWhateverTheSize() {
    TrainConfig c =
        TrainConfig.builder()
            .setInputShape(InputShape.square(3, 64))
            .optBackbone(Backbone.RESNET_SMALL)
            .build();
    assertThat(c.backbone()).isEqualTo(new BackboneRef.BuiltIn(Backbone.RESNET_SMALL));
  }
}
