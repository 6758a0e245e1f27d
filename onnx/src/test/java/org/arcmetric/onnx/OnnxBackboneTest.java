package org.arcmetric.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.NormalizationPreset;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.arcmetric.options.DataException;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.train.EmbeddingTrainer;
import org.arcmetric.train.TrainConfig;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX backbones (the fixtures in {@code src/test/resources/onnx/}, written by {@code
 * make-fixtures.py} there): the output against PyTorch's for a known image, (N, F, 1, 1) flattened,
 * every refusal in one line naming the backbone, and a model folder that trains on them and works
 * alone.
 */
class OnnxBackboneTest {
  private static final InputShape RGB8 = InputShape.square(3, 8);
  @TempDir Path tmp;

  static Path fixture(String name) throws Exception {
    return Path.of(OnnxBackboneTest.class.getResource("/onnx/" + name).toURI());
  }

  static float[] run(Block b, float[] x, Shape s) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      return b.forward(new ParameterStore(m, false), new NDList(m.create(x, s)), false)
          .singletonOrThrow()
          .toFloatArray();
    }
  }

  /**
   * {@code arange(192) / 192} as (1, 3, 8, 8), the image make-fixtures.py printed tiny's output
   * for.
   */
  static float[] known() {
    float[] x = new float[192];
    for (int i = 0; i < x.length; i++) {
      x[i] = i / 192f;
    }
    return x;
  }

  @Test
  void theBackboneGivesWhatPyTorchGaveForAKnownImage() throws Exception {
    BackboneRef ref = BackboneRef.parse("onnx:" + fixture("tiny.onnx"));
    assertThat(ref).isInstanceOf(OnnxBackbone.class);
    assertThat(ref.name()).isEqualTo("onnx");
    assertThat(ref.identity()).startsWith("onnx:sha256:");
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Block b = ref.build(RGB8, m);
      // printed by make-fixtures.py (PyTorch 1.13)
      assertThat(run(b, known(), new Shape(1, 3, 8, 8)))
          .containsExactly(
              new float[] {0.12598846852779388f, 0.19796887040138245f, 0.10634610801935196f, 0f},
              Offset.offset(1e-5f));
      assertThat(BackboneRef.featureCount(b, RGB8, "tiny")).isEqualTo(4);
      Block flat11 = BackboneRef.parse("onnx:" + fixture("tiny-11.onnx")).build(RGB8, m);
      assertThat(run(flat11, known(), new Shape(1, 3, 8, 8)))
          .containsExactly(run(b, known(), new Shape(1, 3, 8, 8)));
      assertThat(BackboneRef.featureCount(flat11, RGB8, "tiny-11")).isEqualTo(4);
    }
    // a file that fixes its input size says so (train's default image size), one that does not
    assertThat(((BackboneRef.External) ref).inputSide()).isEmpty();
    assertThat(
            ((BackboneRef.External) BackboneRef.parse("onnx:" + fixture("tiny-fixed12.onnx")))
                .inputSide())
        .hasValue(12);
  }

  @Test
  void wrongFilesAreRefusedInOneLine() throws Exception {
    Path text = tmp.resolve("notes.onnx");
    Files.writeString(text, "not a model");
    assertThatThrownBy(() -> BackboneRef.parse("onnx:" + text))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("backbone: " + text + " is not an ONNX model")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> BackboneRef.parse("onnx:" + fixture("flat-input.onnx")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("has no 4-D image input")
        .hasMessageContaining("images FLOAT [-1, 12]");
    assertThatThrownBy(() -> BackboneRef.parse("onnx:" + tmp.resolve("missing.onnx")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("missing.onnx does not exist");
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Block spatial = BackboneRef.parse("onnx:" + fixture("spatial.onnx")).build(RGB8, m);
      assertThatThrownBy(() -> BackboneRef.featureCount(spatial, RGB8, "spatial"))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("gives (1, 4, 6, 6) for images of shape (1, 3, 8, 8), not (N, F)");
      Block tiny = BackboneRef.parse("onnx:" + fixture("tiny.onnx")).build(RGB8, m);
      assertThatThrownBy(() -> BackboneRef.featureCount(tiny, InputShape.square(1, 8), "tiny"))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("takes images of shape (N, 3, ?, ?), not (1, 1, 8, 8)");
    }
    assertThatThrownBy(() -> BackboneRef.parse("onnx")).isInstanceOf(InvalidOptionException.class);
  }

  /** 4 classes of 12 images, 8 px: class c is brightest in channel c % 3 and striped by c / 3. */
  static ImageSet images() {
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    Random rnd = new Random(1);
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 12; i++) {
        byte[] p = new byte[RGB8.values()];
        for (int j = 0; j < p.length; j++) {
          int ch = j / 64;
          int x = j % 8;
          int v = (ch == c % 3 ? 160 : 40) + (c / 3 == 1 && x % 2 == 0 ? 60 : 0);
          p[j] = (byte) Math.min(255, v + rnd.nextInt(30));
        }
        labels.add("c" + c);
        sources.add("mem#" + c + "/" + i);
        pixels.add(p);
      }
    }
    return new ImageSet(RGB8, labels, sources, pixels);
  }

  @Test
  void aModelTrainedOnAnOnnxBackboneWorksAloneFromItsFolder() throws Exception {
    Path user = tmp.resolve("mine.onnx");
    Files.copy(fixture("tiny.onnx"), user);
    ImageSet data = images();
    TrainConfig c =
        TrainConfig.builder()
            .setInputShape(RGB8)
            .optBackbone(BackboneRef.parse("onnx:" + user))
            .optNormalization(NormalizationPreset.UNIT.forChannels(3))
            .optEmbeddingDim(4)
            .optEpochs(3)
            .optBatchSize(8)
            .optLearningRate(0.01f)
            .optAugmentation(Augmentation.LIGHT)
            .optFeatureViews(2)
            .optFeatureCacheDir(tmp.resolve("cache"))
            .optSeed(3)
            .build();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Path out = tmp.resolve("model");
    new EmbeddingTrainer(c, new PrintStream(progress, true, StandardCharsets.UTF_8), false)
        .train(data, "synthetic", out, false);
    String said = progress.toString(StandardCharsets.UTF_8);
    assertThat(said).contains("backbone frozen for epochs 1-3", "× 2 views once");
    ModelInfo info = ModelFolder.readInfo(out);
    assertThat(info.backbone()).isEqualTo("onnx");
    assertThat(info.backboneFile().sha256()).isEqualTo(ModelFolder.fingerprint(user));
    assertThat(info.backboneFile().features()).isEqualTo(4);
    assertThat(info.training().run().cachedFeatures().epochs()).isEqualTo(3);
    assertThat(Files.readAllBytes(out.resolve("backbone.onnx")))
        .isEqualTo(Files.readAllBytes(user));

    float[][] before;
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder()) {
      before = e.embed(data);
    }
    assertThat(before[0]).hasSize(4);
    // the user's file gone, the folder still works and gives the same embedding
    Files.delete(user);
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder()) {
      float[][] after = e.embed(data);
      for (int i = 0; i < after.length; i++) {
        assertThat(after[i]).containsExactly(before[i]);
      }
    }
    // a damaged copy is refused naming it
    Files.write(out.resolve("backbone.onnx"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> EmbeddingModel.load(out))
        .hasMessageContaining("backbone.onnx does not match model.json's backbone_file");
    Files.delete(out.resolve("backbone.onnx"));
    assertThatThrownBy(() -> EmbeddingModel.load(out))
        .hasMessageContaining("backbone.onnx (the model's ONNX backbone) is missing");
  }
}
