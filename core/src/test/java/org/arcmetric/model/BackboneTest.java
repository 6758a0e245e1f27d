package org.arcmetric.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackboneTest {
  @ParameterizedTest(name = "{0} at {1}x{2}px, {3} channels")
  @CsvSource({
    "resnet-small, 28, 1",
    "resnet-small-s2, 64, 3",
    "convnet-small, 28, 1",
    "convnet-small, 32, 3",
    "convnet-small, 8, 3",
    "convnet-small, 96, 3",
    "resnet18, 32, 3",
    "resnet18, 96, 3",
    "resnet50, 32, 1",
    "mobilenetv2, 28, 1",
    "mobilenetv2, 96, 3",
  })
  void everyBackboneGivesUnitEmbeddingsForSmallAndLargeImages(String name, int size, int channels) {
    InputShape shape = InputShape.square(channels, size);
    float[] mean = new float[channels];
    float[] std = new float[channels];
    Arrays.fill(std, 1f);
    ModelSpec spec = new ModelSpec(Backbone.parse(name), 24, shape, new Normalization(mean, std));
    try (NDManager m = NDManager.newBaseManager()) {
      Block net = EmbeddingNetwork.build(spec, m);
      Shape in = new Shape(2, channels, size, size);
      net.initialize(m, DataType.FLOAT32, in);
      NDArray x = m.randomNormal(in);
      NDArray out =
          net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
      assertThat(out.getShape()).isEqualTo(new Shape(2, 24));
      float[] norms = out.square().sum(new int[] {1}).sqrt().toFloatArray();
      assertThat(norms[0]).isCloseTo(1f, Assertions.within(1e-4f));
      assertThat(norms[1]).isCloseTo(1f, Assertions.within(1e-4f));
    }
  }

  @ParameterizedTest
  @CsvSource({"vgg16", "ResNet-9"})
  void unknownNamesListTheValidOnes(String name) {
    assertThatThrownBy(() -> Backbone.parse(name))
        .hasMessageContaining(
            "resnet-small, resnet-small-s2, convnet-small, resnet18, resnet50 or mobilenetv2");
  }
}
