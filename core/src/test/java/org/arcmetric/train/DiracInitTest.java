package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
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
      // conv 1: 24 → 64 channels. Filters 0..23 are the identity: filter o holds one 1, at input
      // channel o's kernel centre, so output channel o is input channel o exactly; filters 24..63
      // keep their random start. (Read from the weights, not through a forward pass: on a CPU whose
      // oneDNN kernels misbehave, docs/operations.md, the convolution itself can return NaN.)
      Conv2d wide = convs.get(1);
      float[] after = weight(wide).toFloatArray();
      assertThat(weight(wide).getShape()).isEqualTo(new Shape(64, 24, 3, 3));
      int per = 24 * 9;
      for (int o = 0; o < 24; o++) {
        for (int j = 0; j < per; j++) {
          float expected = j == o * 9 + 4 ? 1f : 0f;
          assertThat(after[o * per + j])
              .as("identity filter %d, weight %d", o, j)
              .isEqualTo(expected);
        }
      }
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
