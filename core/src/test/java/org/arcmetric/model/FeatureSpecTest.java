package org.arcmetric.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureSpecTest {
  @Test
  void cl2nSubtractsTheBaseMeanThenNormalises() {
    // v = (1, 0), μ = (0.5, 0.5): v − μ = (0.5, −0.5), norm √0.5
    FeatureSpec f = FeatureSpec.of(FeatureTap.POOLED, new float[] {0.5f, 0.5f});
    float[] out = f.apply(new float[] {1f, 0f});
    float r = (float) Math.sqrt(0.5);
    assertThat(out).containsExactly(new float[] {r, -r}, within(1e-6f));
    assertThat(f.label()).isEqualTo("pooled+cl2n");
  }

  @Test
  void withoutACentreTheVectorIsUnchanged() {
    float[] v = {0.6f, 0.8f};
    assertThat(FeatureSpec.DEFAULT.apply(v)).isSameAs(v).containsExactly(0.6f, 0.8f);
    assertThat(FeatureSpec.DEFAULT.label()).isEqualTo("embedding");
  }

  @Test
  void aVectorEqualToTheCentreStaysZero() {
    FeatureSpec f = FeatureSpec.of(FeatureTap.EMBEDDING, new float[] {0.6f, 0.8f});
    assertThat(f.apply(new float[] {0.6f, 0.8f})).containsOnly(0f);
  }

  @Test
  void refusesAWrongLengthAndAnUnknownTap() {
    FeatureSpec f = FeatureSpec.of(FeatureTap.POOLED, new float[] {1f, 0f, 0f});
    assertThatThrownBy(() -> f.apply(new float[] {1f, 0f}))
        .hasMessageContaining("features.centre has 3 values");
    assertThatThrownBy(() -> new FeatureSpec("penultimate", null, null))
        .hasMessageContaining("choose embedding, pooled or stages");
  }

  @Test
  void roundTripsThroughJsonAndOldFilesMeanTheEmbedding() throws Exception {
    FeatureSpec f = FeatureSpec.of(FeatureTap.POOLED, new float[] {0.25f, -1f});
    String json = ModelFolder.JSON.writeValueAsString(f);
    assertThat(ModelFolder.JSON.readValue(json, FeatureSpec.class)).isEqualTo(f);
    assertThat(json).doesNotContain("centred").doesNotContain("label");
    ModelInfo old =
        ModelFolder.JSON.readValue(
            "{\"format_version\":1,\"backbone\":\"resnet-small\",\"embedding_dim\":8}",
            ModelInfo.class);
    assertThat(old.features()).isNull();
    assertThat(old.featureSpec()).isEqualTo(FeatureSpec.DEFAULT);
  }

  @Test
  void zcaCentresThenMultipliesByTheWhiteningThenNormalises() {
    // μ = (0.1, 0), W = [[2, 0], [0, 1]]: v − μ = (0.5, 0.8), W(v − μ) = (1, 0.8), norm √1.64
    FeatureSpec f =
        FeatureSpec.whitened(
            FeatureTap.EMBEDDING, new float[] {0.1f, 0f}, new float[] {2f, 0f, 0f, 1f});
    float n = (float) Math.sqrt(1.64);
    assertThat(f.apply(new float[] {0.6f, 0.8f}))
        .containsExactly(new float[] {1f / n, 0.8f / n}, within(1e-6f));
    assertThat(f.label()).isEqualTo("embedding+zca");
    assertThat(f.whitened()).isTrue();
    assertThat(f.centred()).isTrue();
    // a whitening that mixes the two features: W = [[1, 1], [0, 1]] on v − μ = (0.5, 0.8)
    FeatureSpec mix =
        FeatureSpec.whitened(
            FeatureTap.EMBEDDING, new float[] {0.1f, 0f}, new float[] {1f, 1f, 0f, 1f});
    float m = (float) Math.sqrt(1.3 * 1.3 + 0.64);
    assertThat(mix.apply(new float[] {0.6f, 0.8f}))
        .containsExactly(new float[] {1.3f / m, 0.8f / m}, within(1e-6f));
  }

  @Test
  void aWhiteningRoundTripsThroughJsonAndMustFitTheCentre() throws Exception {
    FeatureSpec f =
        FeatureSpec.whitened(FeatureTap.POOLED, new float[] {0.25f, -1f}, new float[] {1, 2, 3, 4});
    String json = ModelFolder.JSON.writeValueAsString(f);
    assertThat(json).contains("\"whitening\" : [ 1.0, 2.0, 3.0, 4.0 ]");
    assertThat(ModelFolder.JSON.readValue(json, FeatureSpec.class)).isEqualTo(f);
    assertThat(f).isNotEqualTo(FeatureSpec.of(FeatureTap.POOLED, new float[] {0.25f, -1f}));
    assertThatThrownBy(
            () -> FeatureSpec.whitened(FeatureTap.POOLED, new float[] {1f, 0f}, new float[3]))
        .hasMessageContaining("features.whitening must hold d × d values for the d = 2");
    assertThatThrownBy(() -> new FeatureSpec("pooled", null, new float[4]))
        .hasMessageContaining("(missing)");
  }

  @Test
  void choicesParseCl2nAndZca() {
    FeatureChoice z = FeatureChoice.parse("Embedding+ZCA");
    assertThat(z).isEqualTo(new FeatureChoice(FeatureTap.EMBEDDING, true, true));
    assertThat(z.label()).isEqualTo("embedding+zca");
    assertThat(FeatureChoice.parse("pooled+cl2n"))
        .isEqualTo(new FeatureChoice(FeatureTap.POOLED, true, false));
    assertThat(FeatureChoice.parse("stages").label()).isEqualTo("stages");
    assertThatThrownBy(() -> FeatureChoice.parse("embedding+pca"))
        .hasMessageContaining("optionally +cl2n or +zca");
  }
}
