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
    assertThatThrownBy(() -> new FeatureSpec("penultimate", null))
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
}
