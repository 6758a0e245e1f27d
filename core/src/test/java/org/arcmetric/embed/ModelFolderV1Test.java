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
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
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
