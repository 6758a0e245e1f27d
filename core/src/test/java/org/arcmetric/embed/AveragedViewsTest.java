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
 * embeds {@code (f(x) + f(flip x)) / ‖·‖}, and with its shifted copies ({@link FeatureSpec#shifts})
 * the normalised sum over the 5 (or 10) views, computed here from plain embeddings of views made in
 * Java; the flags are read from {@code model.json}, kept when other features are asked for, and
 * change the fingerprint. Uses the committed version-1 folder of {@link ModelFolderV1Test} (an 8-d
 * embedding, 3 × 16 × 16).
 */
class AveragedViewsTest {
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

  /** The normalised sum of the rows {@code views[0][i], views[1][i], ...}. */
  private static float[] normalisedSum(float[][][] views, int i) {
    float[] sum = new float[views[0][i].length];
    for (float[][] v : views) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += v[i][j];
      }
    }
    double sq = 0;
    for (float x : sum) {
      sq += x * x;
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= (float) Math.sqrt(sq);
    }
    return sum;
  }

  @Test
  void theShiftedEmbeddingIsTheNormalisedSumOfItsViewsMirroredOrNot() throws Exception {
    Path dir = copyOfFixture();
    ModelInfo info = ModelFolder.readInfo(dir);
    InputShape shape = info.input();
    List<byte[]> images = ModelFolderV1Test.images();
    int t = ViewAveraging.shiftPixels(shape); // round(16 / 14) = 1
    assertThat(t).isEqualTo(1);
    int[][] moves = {{0, 0}, {t, 0}, {-t, 0}, {0, t}, {0, -t}};
    float[][][] views = new float[10][][];
    try (EmbeddingModel m = EmbeddingModel.load(dir, info, FeatureSpec.DEFAULT);
        Embedder e = m.newEmbedder()) {
      for (int v = 0; v < 5; v++) {
        int[] d = moves[v];
        views[v] =
            e.embed(
                images.stream()
                    .map(p -> ViewAveraging.shift(p, shape, d[0], d[1], false))
                    .toList());
        views[5 + v] =
            e.embed(
                images.stream()
                    .map(
                        p ->
                            ViewAveraging.flip(
                                ViewAveraging.shift(p, shape, d[0], d[1], false), shape))
                    .toList());
      }
    }
    float[][] shifted;
    float[][] both;
    try (EmbeddingModel m = EmbeddingModel.load(dir, info, FeatureSpec.DEFAULT.withShifts(true));
        Embedder e = m.newEmbedder(3)) { // batches of 3: the grouping must hold across batches
      shifted = e.embed(images);
    }
    try (EmbeddingModel m =
            EmbeddingModel.load(dir, info, FeatureSpec.DEFAULT.withShifts(true).withMirror(true));
        Embedder e = m.newEmbedder(2)) {
      both = e.embed(images);
    }
    float[][][] unmirrored = java.util.Arrays.copyOf(views, 5);
    for (int i = 0; i < images.size(); i++) {
      assertThat(shifted[i])
          .as("image %d, 5 views", i)
          .containsExactly(normalisedSum(unmirrored, i), within(1e-5f));
      assertThat(both[i])
          .as("image %d, 10 views", i)
          .containsExactly(normalisedSum(views, i), within(1e-5f));
    }
    // the views differ, so averaging them changes the embedding
    assertThat(shifted[3]).isNotEqualTo(views[0][3]);
  }

  @Test
  void shiftsAreReadFromTheFolderKeptForOtherFeaturesAndFingerprinted() throws Exception {
    Path dir = copyOfFixture();
    ModelInfo info = ModelFolder.readInfo(dir);
    String plainPrint;
    try (EmbeddingModel m = EmbeddingModel.load(dir)) {
      assertThat(m.features().shifted()).isFalse();
      plainPrint = m.fingerprint();
    }
    ModelFolder.writeInfo(dir, info.withFeatures(info.featureSpec().withShifts(true)));
    assertThat(Files.readString(dir.resolve(ModelFolder.INFO_FILE))).contains("\"shifts\" : true");
    try (EmbeddingModel m = EmbeddingModel.load(dir)) {
      assertThat(m.features().shifted()).isTrue();
      assertThat(m.fingerprint()).isEqualTo(plainPrint + "+shifts");
    }
    try (EmbeddingModel m = EmbeddingModel.load(dir, FeatureSpec.DEFAULT)) {
      assertThat(m.features().shifted()).isTrue();
      assertThat(m.fingerprint()).endsWith("#embedding+shifts");
    }
  }
}
