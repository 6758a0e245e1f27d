package org.arcmetric.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.arcmetric.options.InvalidOptionException;
import org.assertj.core.api.Assertions;
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
    assertThat(z).isEqualTo(FeatureChoice.of(FeatureTap.EMBEDDING, true, true));
    assertThat(z.label()).isEqualTo("embedding+zca");
    assertThat(FeatureChoice.parse("pooled+cl2n"))
        .isEqualTo(FeatureChoice.of(FeatureTap.POOLED, true, false));
    assertThat(FeatureChoice.parse("stages").label()).isEqualTo("stages");
    assertThatThrownBy(() -> FeatureChoice.parse("embedding+pca"))
        .hasMessageContaining("optionally +cl2n or +zca");
  }

  @Test
  void theShrinkageIsTheWhiteningsEpsilonAsAFractionOfTheMeanEigenvalue() {
    // base (±1, 0), (0, ±2): μ = 0, Σ = diag(0.5, 2), mean eigenvalue 1.25
    float[][] base = {{1, 0}, {-1, 0}, {0, 2}, {0, -2}};
    assertThat(FeatureChoice.parse("embedding+zca").shrinkage())
        .isEqualTo(Whitening.DEFAULT_SHRINKAGE);
    // plain ZCA (β = 1), which needs no labels
    FeatureChoice z = FeatureChoice.parse("embedding+zca").withBetweenWeight(1);
    // α = 0.01: ε = 0.0125, W = diag(1/√0.5125, 1/√2.0125)
    float[] w = z.measure(base, null).whitening();
    assertThat(w[0]).isCloseTo(1.39686f, Assertions.within(1e-4f));
    assertThat(w[3]).isCloseTo(0.70491f, Assertions.within(1e-4f));
    assertThat(w[1]).isCloseTo(0f, Assertions.within(1e-6f));
    // α = 1: ε = 1.25, W = diag(1/√1.75, 1/√3.25): the two axes end closer in scale
    float[] w1 = z.withShrinkage(1).measure(base, null).whitening();
    assertThat(w1[0]).isCloseTo(0.75593f, Assertions.within(1e-4f));
    assertThat(w1[3]).isCloseTo(0.55470f, Assertions.within(1e-4f));
    assertThat(z.withShrinkage(1).label()).isEqualTo("embedding+zca");
    assertThatThrownBy(() -> z.withShrinkage(0))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("zcaShrinkage must be in (0, 10], got 0.0");
    assertThatThrownBy(() -> FeatureChoice.parse("pooled+cl2n").withShrinkage(0.1))
        .hasMessageContaining("zcaShrinkage applies to whitened features (TAP+zca), not features")
        .hasMessageContaining("pooled+cl2n");
  }

  @Test
  void theBetweenWeightWhitensTheClassMeansDirectionLess() {
    // a = (±1, 1), b = (±1, −1): μ = 0, Σ = I; class means (0, ±1) so Σ_b = diag(0, 1), Σ_w =
    // diag(1, 0)
    float[][] base = {{1, 1}, {-1, 1}, {1, -1}, {-1, -1}};
    List<String> labels = List.of("a", "a", "b", "b");
    FeatureChoice z = FeatureChoice.parse("embedding+zca");
    assertThat(z.betweenWeight()).isEqualTo(0.3);
    // β = 1: plain ZCA, W = I / √1.01 whatever the labels
    float[] w = z.withBetweenWeight(1).measure(base, labels).whitening();
    assertThat(w[0]).isCloseTo(0.99504f, Assertions.within(1e-4f));
    assertThat(w[3]).isCloseTo(0.99504f, Assertions.within(1e-4f));
    // β = 0.5: Σ_β = diag(1, 0.5), ε = 0.01 · 1.5 / 2, W = diag(1/√1.0075, 1/√0.5075)
    float[] half = z.withBetweenWeight(0.5).measure(base, labels).whitening();
    assertThat(half[0]).isCloseTo(0.99627f, Assertions.within(1e-4f));
    assertThat(half[3]).isCloseTo(1.40372f, Assertions.within(1e-4f));
    assertThat(half[1]).isCloseTo(0f, Assertions.within(1e-6f));
    // the default β = 0.3: Σ_β = diag(1, 0.3), ε = 0.01 · 1.3 / 2, W = diag(1/√1.0065, 1/√0.3065)
    float[] byDefault = z.measure(base, labels).whitening();
    assertThat(byDefault[0]).isCloseTo(0.99677f, Assertions.within(1e-4f));
    assertThat(byDefault[3]).isCloseTo(1.80628f, Assertions.within(1e-4f));
    assertThatThrownBy(() -> z.withBetweenWeight(1.5))
        .hasMessageContaining("zcaBetweenWeight must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> FeatureChoice.parse("embedding").withBetweenWeight(0.5))
        .hasMessageContaining("zcaBetweenWeight applies to whitened features");
    assertThatThrownBy(() -> z.withBetweenWeight(0.5).measure(base, null))
        .hasMessageContaining("needs one label per vector");
  }

  @Test
  void theMirrorFlagIsWrittenOnlyWhenSetAndReadBack() throws Exception {
    FeatureSpec plain = FeatureSpec.of(FeatureTap.EMBEDDING, new float[] {0.6f, 0.8f});
    FeatureSpec mirrored = plain.withMirror(true);
    assertThat(mirrored.mirrored()).isTrue();
    assertThat(mirrored).isNotEqualTo(plain);
    assertThat(mirrored.withMirror(false)).isEqualTo(plain);
    // centring and whitening keep it
    assertThat(mirrored.withCentre(null).mirrored()).isTrue();
    assertThat(mirrored.withWhitening(new float[] {0f, 0f}, new float[4]).mirrored()).isTrue();
    String plainJson = ModelFolder.JSON.writeValueAsString(plain);
    String json = ModelFolder.JSON.writeValueAsString(mirrored);
    assertThat(plainJson).doesNotContain("mirror");
    assertThat(json).contains("\"mirror\" : true");
    assertThat(ModelFolder.JSON.readValue(json, FeatureSpec.class)).isEqualTo(mirrored);
    assertThat(ModelFolder.JSON.readValue(plainJson, FeatureSpec.class).mirrored()).isFalse();
    // false is written as absent, as folders from before the flag have it
    assertThat(ModelFolder.JSON.writeValueAsString(new FeatureSpec("embedding", null, null, false)))
        .doesNotContain("mirror");
  }

  @Test
  void shiftsAreAViewCountKeptByCentringAndWrittenOnlyWhenOn() throws Exception {
    FeatureSpec plain = FeatureSpec.DEFAULT;
    FeatureSpec shifted = plain.withShifts(true);
    assertThat(plain.views()).isEqualTo(1);
    assertThat(plain.withMirror(true).views()).isEqualTo(2);
    assertThat(shifted.views()).isEqualTo(5);
    assertThat(shifted.withMirror(true).views()).isEqualTo(10);
    assertThat(shifted).isNotEqualTo(plain).isNotEqualTo(plain.withMirror(true));
    assertThat(shifted.withShifts(false)).isEqualTo(plain);
    assertThat(shifted.withCentre(null).shifted()).isTrue();
    assertThat(shifted.withWhitening(new float[] {0f, 0f}, new float[4]).shifted()).isTrue();
    // the model's views go with other features asked for
    FeatureSpec asked =
        FeatureSpec.of(FeatureTap.POOLED, null).withViewsOf(shifted.withMirror(true));
    assertThat(asked.tap()).isEqualTo("pooled");
    assertThat(asked.views()).isEqualTo(10);
    String json = ModelFolder.JSON.writeValueAsString(shifted);
    assertThat(json).contains("\"shifts\" : true");
    assertThat(ModelFolder.JSON.writeValueAsString(plain)).doesNotContain("shifts");
    assertThat(ModelFolder.JSON.readValue(json, FeatureSpec.class)).isEqualTo(shifted);
  }
}
