package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --backbone torchscript:FILE} from the command line, with the core's committed
 * fixture (a scripted two-convolution backbone with random weights, 16 pooled features): one epoch,
 * then enrol, predict and evaluate with the original file deleted; and the one-line refusals of
 * files that are not usable backbones.
 */
class TorchScriptCliTest {
  static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "torchscript");
  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();

  Path data() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 16, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 16, 2);
    CliFixture.writeImages(data, "vertical2", 2, 16, 3);
    return data;
  }

  static CliFixture.Run train(Path data, Path out, String backbone, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--backbone",
                backbone,
                "--channels",
                "3",
                "--image-size",
                "16",
                "--epochs",
                "1",
                "--batch-size",
                "16",
                "--embedding-dim",
                "8",
                "--augment",
                "none",
                "--threads",
                "2"));
    args.addAll(List.of(extra));
    return CliFixture.run(args.toArray(new String[0]));
  }

  @Test
  void trainsEnrolsAndPredictsWithTheOriginalFileDeleted() throws Exception {
    Path data = data();
    Path file = tmp.resolve("backbone.pt");
    Files.copy(FIXTURES.resolve("tiny-backbone.pt"), file);
    Path model = tmp.resolve("model");
    CliFixture.Run train =
        train(
            data,
            model,
            "torchscript:" + file,
            "--input-norm",
            "imagenet",
            "--backbone-lr-factor",
            "0.5");
    assertThat(train.code()).as(train.err()).isZero();
    JsonNode info = json.readTree(model.resolve("model.json").toFile());
    assertThat(info.get("backbone").asText()).isEqualTo("torchscript");
    assertThat(info.at("/backbone_file/features").asInt()).isEqualTo(16);
    assertThat(info.at("/normalization/mean/0").floatValue()).isEqualTo(0.485f);
    assertThat(info.at("/training/optimisation/backbone_lr_factor").floatValue()).isEqualTo(0.5f);

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
    assertThat(enrol.out()).contains("48 entries of 3 classes");
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
    // the query is itself in the gallery: its nearest neighbour is itself
    JsonNode p = json.readTree(predict.out()).get("predictions").get(0);
    assertThat(p.get("label").asText()).isEqualTo("vertical2");
    assertThat(p.get("score").asDouble()).isBetween(0.99, 1.0001);
    CliFixture.Run evaluate =
        CliFixture.run(
            "evaluate",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--json");
    assertThat(evaluate.code()).as(evaluate.err()).isZero();
    Path report = tmp.resolve("report");
    CliFixture.Run html =
        CliFixture.run(
            "report",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--out",
            report.toString(),
            "--tsne-points",
            "20",
            "--grid-queries",
            "2");
    assertThat(html.code()).as(html.err()).isZero();
    assertThat(Files.readString(report.resolve("index.html")))
        .contains("backbone file")
        .contains(file + ", 16 features, sha256:");
  }

  @Test
  void unusableFilesGetOneLineAndExitOne() throws Exception {
    Path data = data();
    Path text = Files.writeString(tmp.resolve("readme.pt"), "not a model");
    Path truncated = tmp.resolve("cut.pt");
    byte[] whole = Files.readAllBytes(FIXTURES.resolve("tiny-backbone.pt"));
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
    String[][] cases = {
      {tmp.resolve("missing.pt").toString(), "missing.pt does not exist"},
      {text.toString(), "readme.pt is not a TorchScript file"},
      {truncated.toString(), "cut.pt could not be loaded as TorchScript"},
      {FIXTURES.resolve("tiny-unpooled.pt").toString(), "gave (1, 16, 8, 8)"},
    };
    for (String[] c : cases) {
      Path out = tmp.resolve("model-" + Path.of(c[0]).getFileName());
      CliFixture.Run r = train(data, out, "torchscript:" + c[0]);
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
    CliFixture.Run grey =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("grey").toString(),
            "--backbone",
            "torchscript:" + FIXTURES.resolve("tiny-backbone.pt"),
            "--channels",
            "1",
            "--image-size",
            "16",
            "--epochs",
            "1");
    assertThat(grey.code()).isEqualTo(1);
    assertThat(grey.err())
        .contains("to have 3 channels")
        .contains("set --channels and --image-size");

    CliFixture.Run stages =
        train(
            data,
            tmp.resolve("stages"),
            "torchscript:" + FIXTURES.resolve("tiny-backbone.pt"),
            "--features",
            "stages");
    assertThat(stages.code()).isEqualTo(2);
    assertThat(stages.err()).contains("--features stages needs a built-in backbone");
    CliFixture.Run halfNorm =
        train(
            data,
            tmp.resolve("half"),
            "torchscript:" + FIXTURES.resolve("tiny-backbone.pt"),
            "--input-mean",
            "0.5");
    assertThat(halfNorm.code()).isEqualTo(2);
    assertThat(halfNorm.err()).contains("--input-mean and --input-std go together");
  }
}
