package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --backbone onnx:FILE} from the command line with the onnx module's fixtures (found
 * at run time: the CLI does not compile against the module): one epoch on cached features, the
 * model folder holding its copy, enrol and predict with the user's file deleted; and the one-line
 * refusals (exit 1) of files that are not usable ONNX backbones.
 */
class OnnxCliTest {
  static final Path FIXTURES = Path.of("..", "onnx", "src", "test", "resources", "onnx");
  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();

  Path data() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 16, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 16, 2);
    CliFixture.writeImages(data, "vertical2", 2, 16, 3);
    return data;
  }

  @Test
  void trainsOnCachedFeaturesAndTheFolderWorksAlone() throws Exception {
    Path data = data();
    Path file = tmp.resolve("mine.onnx");
    Files.copy(FIXTURES.resolve("tiny.onnx"), file);
    Path model = tmp.resolve("model");
    CliFixture.Run train =
        TorchScriptCliTest.train(data, model, "onnx:" + file, "-X", "feature-views=2");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.err())
        .contains("pretrained backbone: imagenet normalisation (--input-norm), frozen for every")
        .contains("warning: experimental option feature-views");
    JsonNode info = json.readTree(model.resolve("model.json").toFile());
    assertThat(info.get("backbone").asText()).isEqualTo("onnx");
    assertThat(info.at("/backbone_file/features").asInt()).isEqualTo(4);
    assertThat(info.at("/normalization/mean/0").floatValue()).isEqualTo(0.485f);
    // --augment none (the helper's): augmented views would all be the image, so one is computed
    assertThat(info.at("/training/run/cached_features/views").asInt()).isEqualTo(1);
    assertThat(info.at("/training/optimisation/freeze_backbone_epochs").asInt()).isEqualTo(1);
    assertThat(model.resolve("backbone.onnx")).exists();

    Files.delete(file);
    Path gallery = tmp.resolve("gallery");
    CliFixture.Run enrol =
        CliFixture.run(
            "enroll",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString());
    assertThat(enrol.code()).as(enrol.err()).isZero();
    Path query = data.resolve("vertical2").resolve("vertical20.png");
    CliFixture.Run predict =
        CliFixture.run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--json",
            "--mode",
            "knn",
            "--k",
            "1",
            "--no-calibration",
            query.toString());
    assertThat(predict.code()).as(predict.err()).isZero();
    JsonNode p = json.readTree(predict.out()).get("predictions").get(0);
    assertThat(p.get("score").asDouble()).isBetween(0.99, 1.0001);
  }

  @Test
  void aFileThatFixesItsInputSizeGivesTheDefaultImageSize() throws Exception {
    Path data = data();
    Path model = tmp.resolve("fixed");
    CliFixture.Run r =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--backbone",
            "onnx:" + FIXTURES.resolve("tiny-fixed12.onnx"),
            "--epochs",
            "1",
            "--batch-size",
            "16",
            "--embedding-dim",
            "4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("pretrained backbone: 12 px (--image-size)");
    assertThat(json.readTree(model.resolve("model.json").toFile()).at("/input/height").asInt())
        .isEqualTo(12);
  }

  @Test
  void unusableFilesGetOneLineAndExitOne() throws Exception {
    Path data = data();
    Path text = Files.writeString(tmp.resolve("readme.onnx"), "not a model");
    String[][] cases = {
      {tmp.resolve("missing.onnx").toString(), "missing.onnx does not exist"},
      {text.toString(), "readme.onnx is not an ONNX model"},
      {FIXTURES.resolve("flat-input.onnx").toString(), "has no 4-D image input"},
      {FIXTURES.resolve("spatial.onnx").toString(), "gives (1, 4, 14, 14)"},
    };
    for (String[] c : cases) {
      Path out = tmp.resolve("model-" + Path.of(c[0]).getFileName());
      CliFixture.Run r = TorchScriptCliTest.train(data, out, "onnx:" + c[0]);
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      List<String> lines =
          r.err()
              .lines()
              .filter(l -> !l.endsWith("images loaded"))
              .filter(l -> !l.startsWith("arcmetric: pretrained backbone:"))
              .toList();
      assertThat(lines).as(r.err()).hasSize(1);
      assertThat(lines.get(0)).startsWith("arcmetric: --backbone: ").contains(c[1]);
      assertThat(out).doesNotExist();
    }
  }
}
