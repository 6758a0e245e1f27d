package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every head trains one short epoch through the CLI and is recorded in model.json. */
class LossesEndToEndTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void images() throws Exception {
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 12, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 12, 2);
    CliFixture.writeImages(data, "vertical2", 2, 12, 3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cosface",
        "sphereface",
        "adacos",
        "subcenter-arcface",
        "normface",
        "softmax",
        "center",
        "contrastive",
        "triplet",
        "multi-similarity"
      })
  void eachLossTrainsAndIsRecorded(String loss) throws Exception {
    Path model = tmp.resolve("model-" + loss);
    CliFixture.Run r =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--loss",
            loss,
            "--epochs",
            "1",
            "--image-size",
            "16",
            "--batch-size",
            "12",
            "--embedding-dim",
            "8",
            "--val-fraction",
            "0.2",
            "--augment",
            "none");
    assertThat(r.code()).as(r.err()).isZero();
    var info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
    assertThat(info.get("loss").get("name").asText()).isEqualTo(loss);
  }

  @Test
  void semiHardEuclideanTripletTrainsInPkBatches() {
    CliFixture.Run r =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("semi").toString(),
            "--loss",
            "triplet",
            "--mining",
            "semi-hard",
            "--distance",
            "euclidean",
            "--images-per-class",
            "3",
            "--epochs",
            "1",
            "--image-size",
            "16",
            "--batch-size",
            "9",
            "--embedding-dim",
            "8",
            "--augment",
            "none");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aPairLossExplainsWhyAOneImageClassCannotFormPairs() throws Exception {
    Path lonely = tmp.resolve("lonely");
    CliFixture.writeImages(lonely, "many", 0, 6, 1);
    CliFixture.writeImages(lonely, "single", 1, 1, 2);
    CliFixture.Run r =
        CliFixture.run(
            "train",
            "--data",
            lonely.toString(),
            "--out",
            tmp.resolve("l").toString(),
            "--loss",
            "contrastive",
            "--val-fraction",
            "0",
            "--image-size",
            "16");
    // the data cannot serve the loss: a data error (1), not a usage error (2)
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("class 'single' has 1 training image", "pairs");
  }

  @Test
  void marginWarmupAndHeadLearningRateAreRecorded() throws Exception {
    Path model = tmp.resolve("warm");
    CliFixture.Run r =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "1",
            "--image-size",
            "16",
            "--batch-size",
            "12",
            "--embedding-dim",
            "8",
            "--augment",
            "none",
            "--loss",
            "arcface",
            "--margin-warmup-epochs",
            "1",
            "--head-lr-factor",
            "10");
    assertThat(r.code()).as(r.err()).isZero();
    var training =
        new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("training");
    assertThat(training.get("optimisation").get("margin_warmup_epochs").asDouble()).isEqualTo(1.0);
    assertThat(training.get("optimisation").get("head_lr_factor").asDouble()).isEqualTo(10.0);
    CliFixture.Run pair =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("warm2").toString(),
            "--loss",
            "triplet",
            "--margin-warmup-epochs",
            "1",
            "--image-size",
            "16");
    assertThat(pair.code()).isEqualTo(2);
    assertThat(pair.err()).contains("--margin-warmup-epochs applies to margin heads");
  }

  @Test
  void optionsThatDoNotApplyAreRefused() {
    CliFixture.Run r =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("x").toString(),
            "--loss",
            "softmax",
            "--margin",
            "0.3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--margin does not apply to --loss softmax");
    CliFixture.Run unknown =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("y").toString(),
            "--loss",
            "hinge");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown --loss 'hinge'", "cosface");
  }
}
