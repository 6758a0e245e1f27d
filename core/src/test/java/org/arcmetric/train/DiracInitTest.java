package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.model.Backbone;
import org.junit.jupiter.api.Test;

class DiracInitTest {
  @Test
  void everyConvolutionButTheFirstPassesItsInputChannelsThrough() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block backbone = Backbone.CONVNET_SMALL.build(org.arcmetric.data.InputShape.square(3, 16));
      backbone.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
      List<Conv2d> convs = new ArrayList<>();
      for (Pair<String, Block> c : backbone.getChildren()) {
        if (c.getValue() instanceof Conv2d conv) {
          convs.add(conv);
        }
      }
      assertThat(convs).hasSize(7);
      float[] stemBefore = weight(convs.get(0)).toFloatArray();
      float[] wideBefore = weight(convs.get(1)).toFloatArray();

      assertThat(DiracInit.apply(backbone)).isEqualTo(6);

      assertThat(weight(convs.get(0)).toFloatArray()).as("the stem").containsExactly(stemBefore);
      // conv 1: 24 → 64 channels. Filters 0..23 are the identity: the output's first 24 channels
      // are the input, exactly; filters 24..63 keep their random start
      Conv2d wide = convs.get(1);
      NDArray x = m.randomNormal(new Shape(2, 24, 5, 5));
      NDArray y =
          wide.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
      assertThat(y.getShape()).isEqualTo(new Shape(2, 64, 5, 5));
      // read whole (a sliced view's buffer may outlive the copy it was read from)
      float[] want = x.toFloatArray();
      float[] got = y.toFloatArray();
      int plane = 5 * 5;
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < 24; c++) {
          for (int p = 0; p < plane; p++) {
            assertThat(got[(n * 64 + c) * plane + p])
                .as("image %d, channel %d, pixel %d", n, c, p)
                .isCloseTo(want[(n * 24 + c) * plane + p], within(1e-6f));
          }
        }
      }
      float[] after = weight(wide).toFloatArray();
      int per = 24 * 9;
      for (int i = 24 * per; i < after.length; i++) {
        assertThat(after[i]).as("random filter weight %d", i).isEqualTo(wideBefore[i]);
      }
      // conv 2: 64 → 64, every filter the identity: one 1 per filter at its own channel's centre
      float[] square = weight(convs.get(2)).toFloatArray();
      for (int o = 0; o < 64; o++) {
        for (int j = 0; j < 64 * 9; j++) {
          float expected = j == o * 9 + 4 ? 1f : 0f;
          assertThat(square[o * 64 * 9 + j]).as("filter %d, weight %d", o, j).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aWeightThatIsNotAnOddSquareKernelIsLeftAsItWas() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray even = m.ones(new Shape(4, 4, 2, 2));
      assertThat(DiracInit.identity(even)).isFalse();
      assertThat(even.toFloatArray()).containsOnly(1f);
      NDArray dense = m.ones(new Shape(4, 4));
      assertThat(DiracInit.identity(dense)).isFalse();
    }
  }

  @Test
  void onlyTheBuiltInPlainNetworkTakesIt() {
    assertThat(DiracInit.applies(Backbone.CONVNET_SMALL)).isTrue();
    assertThat(DiracInit.applies(Backbone.RESNET_SMALL)).isFalse();
    assertThat(DiracInit.applies(Backbone.MOBILENETV2)).isFalse();
  }

  private static NDArray weight(Conv2d conv) {
    return conv.getParameters().get("weight").getArray();
  }
}
