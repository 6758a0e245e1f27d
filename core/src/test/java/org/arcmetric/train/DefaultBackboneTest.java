package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.arcmetric.data.Augmentation;
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
  void fullResolutionNetworksUpTo64PxAndTheStrideTwoStemAbove() {
    assertThat(chosen(1, 28, 28)).isEqualTo("resnet-small");
    assertThat(chosen(1, 64, 64)).isEqualTo("resnet-small");
    assertThat(chosen(3, 32, 32)).isEqualTo("convnet-small");
    assertThat(chosen(3, 64, 64)).isEqualTo("convnet-small");
    assertThat(chosen(1, 65, 65)).isEqualTo("resnet-small-s2");
    assertThat(chosen(3, 65, 65)).isEqualTo("resnet-small-s2");
    assertThat(chosen(3, 96, 96)).isEqualTo("resnet-small-s2");
    assertThat(chosen(3, 224, 224)).isEqualTo("resnet-small-s2");
    // the shorter side decides
    assertThat(chosen(3, 96, 64)).isEqualTo("convnet-small");
  }

  @Test
  void flipsByDefaultForColourImagesOnly() {
    // colour 32 px: convnet-small, whose recipe flips with small reflected shifts (DefaultRecipe)
    for (int channels : new int[] {1, 3}) {
      TrainConfig c = TrainConfig.builder().setInputShape(InputShape.square(channels, 32)).build();
      assertThat(c.data().augmentation())
          .isEqualTo(channels == 3 ? Augmentation.FLIP_SHIFT : Augmentation.LIGHT);
      assertThat(c.data().augmentation().flips()).isEqualTo(channels == 3);
    }
    // above 64 px the stride-two network keeps the standard preset
    assertThat(
            TrainConfig.builder()
                .setInputShape(InputShape.square(3, 96))
                .build()
                .data()
                .augmentation())
        .isEqualTo(Augmentation.STANDARD);
    TrainConfig given =
        TrainConfig.builder()
            .setInputShape(InputShape.square(3, 32))
            .optAugmentation(Augmentation.NONE)
            .build();
    assertThat(given.data().augmentation()).isEqualTo(Augmentation.NONE);
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
