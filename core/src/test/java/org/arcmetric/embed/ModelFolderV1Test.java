package org.arcmetric.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arcmetric.config.OptimizerKind;
import org.arcmetric.data.Augmentation;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.arcmetric.model.TrainingRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder written by format version 1 (committed under {@code src/test/resources/model-v1}:
 * the tiny TorchScript backbone of {@code torchscript/tiny-backbone.pt}, 3 × 16 × 16 input, an 8-d
 * embedding with whitened features, trained in float32 for 2 epochs on 3 colours) loads and embeds
 * as it did when it was written: the embeddings of four fixed images equal the committed ones
 * ({@code expected-embeddings.json}) to float rounding. Any change of the folder's format must keep
 * this test green; regenerate the expected file only when the arithmetic itself changes on purpose,
 * with {@code -Darcmetric.regenerate=true}.
 */
class ModelFolderV1Test {
  static final Path FIXTURE = Path.of("src/test/resources/model-v1");
  static final Path EXPECTED = FIXTURE.resolve("expected-embeddings.json");

  @TempDir Path tmp;

  /** Four fixed 3 × 16 × 16 images: a red, a green and a blue field, and a ramp. */
  static List<byte[]> images() {
    List<byte[]> out = new ArrayList<>();
    int[][] colours = {{220, 30, 30}, {30, 200, 40}, {30, 40, 210}};
    for (int[] c : colours) {
      byte[] p = new byte[3 * 16 * 16];
      for (int ch = 0; ch < 3; ch++) {
        for (int i = 0; i < 256; i++) {
          p[ch * 256 + i] = (byte) Math.max(0, Math.min(255, c[ch] + ((i * 37) % 41) - 20));
        }
      }
      out.add(p);
    }
    byte[] ramp = new byte[3 * 16 * 16];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (byte) ((i * 7) % 256);
    }
    out.add(ramp);
    return out;
  }

  @Test
  void aVersionOneFolderLoadsAndEmbedsAsWhenItWasWritten() throws Exception {
    // a copy: loading must work from any folder, and the fixture stays untouched
    Path dir = Files.createDirectories(tmp.resolve("model"));
    try (var files = Files.list(FIXTURE)) {
      for (Path f : files.filter(p -> !p.equals(EXPECTED)).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    ModelInfo info = ModelFolder.readInfo(dir);
    assertThat(info.formatVersion()).isEqualTo(1);
    assertThat(info.classes()).containsExactly("blue", "green", "red");
    // its flat training object, read into version 2's records
    TrainingRecord t = info.training();
    assertThat(t.optimisation().epochs()).isEqualTo(2);
    assertThat(t.optimisation().batchSize()).isEqualTo(16);
    assertThat(t.optimisation().optimizer()).isEqualTo(OptimizerKind.ADAM);
    assertThat(t.optimisation().freezeBackboneEpochs()).isEqualTo(2);
    assertThat(t.optimisation().softmaxWarmupEpochs()).isZero();
    assertThat(t.data().source()).isEqualTo("/tmp/fx/data3");
    assertThat(t.data().augmentation()).isEqualTo(Augmentation.NONE);
    assertThat(t.data().seed()).isEqualTo(1L);
    assertThat(t.data().featureViews()).isEqualTo(1);
    assertThat(t.validation().valFraction()).isEqualTo(0.1);
    assertThat(t.validation().k()).isEqualTo(5);
    assertThat(t.features().label()).isEqualTo("embedding+zca");
    assertThat(t.features().betweenWeight()).isEqualTo(0.3);
    assertThat(t.experimental()).isNull();
    assertThat(t.run().trainImages()).isEqualTo(33);
    assertThat(t.run().convergence().status()).isEqualTo("ok");
    assertThat(t.run().cachedFeatures().epochs()).isEqualTo(2);
    // written again, it is a version-2 file that reads back the same
    Path again = tmp.resolve("again");
    Files.createDirectories(again);
    ModelFolder.writeInfo(again, info);
    assertThat(ModelFolder.readInfo(again).training()).isEqualTo(t);
    float[][] now;
    try (EmbeddingModel model = EmbeddingModel.load(dir);
        Embedder embedder = model.newEmbedder()) {
      assertThat(model.dimension()).isEqualTo(8);
      now = embedder.embed(images());
    }
    if (Boolean.getBoolean("arcmetric.regenerate")) {
      Files.writeString(
          EXPECTED,
          ModelFolder.JSON.writeValueAsString(Map.of("embeddings", now)),
          StandardCharsets.UTF_8);
    }
    JsonNode expected = ModelFolder.JSON.readTree(EXPECTED.toFile()).get("embeddings");
    assertThat(expected).hasSize(now.length);
    for (int i = 0; i < now.length; i++) {
      assertThat(expected.get(i)).hasSize(now[i].length);
      for (int j = 0; j < now[i].length; j++) {
        assertThat(now[i][j])
            .as("image %d, component %d", i, j)
            .isCloseTo((float) expected.get(i).get(j).asDouble(), within(1e-4f));
      }
    }
  }
}
