package org.arcmetric.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.arcmetric.data.InputShape;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose features average each image with its mirror image ({@link FeatureSpec#mirror})
 * embeds {@code (f(x) + f(flip x)) / ‖·‖}, computed here from two plain embeddings; the flag is
 * read from {@code model.json}, kept when other features are asked for, and changes the
 * fingerprint. Uses the committed version-1 folder of {@link ModelFolderV1Test} (an 8-d embedding,
 * 3 × 16 × 16).
 */
class MirrorViewsTest {
  @TempDir Path tmp;

  private Path copyOfFixture() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    try (var files = Files.list(ModelFolderV1Test.FIXTURE)) {
      for (Path f : files.filter(p -> !p.equals(ModelFolderV1Test.EXPECTED)).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void theMirroredEmbeddingIsTheNormalisedMeanOfTheImageAndItsMirror() throws Exception {
    Path dir = copyOfFixture();
    ModelInfo info = ModelFolder.readInfo(dir);
    InputShape shape = info.input();
    List<byte[]> images = ModelFolderV1Test.images();
    float[][] plain;
    float[][] flipped;
    float[][] mirrored;
    try (EmbeddingModel m = EmbeddingModel.load(dir, info, FeatureSpec.DEFAULT);
        Embedder e = m.newEmbedder()) {
      plain = e.embed(images);
      flipped = e.embed(images.stream().map(p -> ViewAveraging.flip(p, shape)).toList());
    }
    try (EmbeddingModel m = EmbeddingModel.load(dir, info, FeatureSpec.DEFAULT.withMirror(true));
        Embedder e = m.newEmbedder(3)) { // batches of 3: the pairing must hold across batches
      mirrored = e.embed(images);
    }
    for (int i = 0; i < images.size(); i++) {
      float[] sum = new float[plain[i].length];
      double sq = 0;
      for (int j = 0; j < sum.length; j++) {
        sum[j] = plain[i][j] + flipped[i][j];
        sq += sum[j] * sum[j];
      }
      for (int j = 0; j < sum.length; j++) {
        assertThat(mirrored[i][j])
            .as("image %d, component %d", i, j)
            .isCloseTo((float) (sum[j] / Math.sqrt(sq)), within(1e-5f));
      }
    }
    // the ramp is not symmetric, so the mirror image changes its embedding
    assertThat(flipped[3]).isNotEqualTo(plain[3]);
  }

  @Test
  void theFlagIsReadFromTheFolderKeptForOtherFeaturesAndFingerprinted() throws Exception {
    Path dir = copyOfFixture();
    ModelInfo info = ModelFolder.readInfo(dir);
    String plainPrint;
    try (EmbeddingModel m = EmbeddingModel.load(dir)) {
      assertThat(m.features().mirrored()).isFalse();
      plainPrint = m.fingerprint();
    }
    ModelFolder.writeInfo(dir, info.withFeatures(info.featureSpec().withMirror(true)));
    assertThat(Files.readString(dir.resolve(ModelFolder.INFO_FILE))).contains("\"mirror\" : true");
    try (EmbeddingModel m = EmbeddingModel.load(dir)) {
      assertThat(m.features().mirrored()).isTrue();
      assertThat(m.features().whitened()).isTrue();
      assertThat(m.fingerprint()).isEqualTo(plainPrint + "+mirror");
    }
    // other features asked for (evaluate --features): the model's mirroring stays
    try (EmbeddingModel m = EmbeddingModel.load(dir, FeatureSpec.DEFAULT)) {
      assertThat(m.features().mirrored()).isTrue();
      assertThat(m.features().centred()).isFalse();
      assertThat(m.fingerprint()).endsWith("#embedding+mirror");
    }
  }
}
