package org.arcmetric.cli;

import static org.arcmetric.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.arcmetric.cli.CliFixture.Run;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generalisation options through the command line: one training epoch with another feature tap,
 * CL2N and rotation labels, enrolment with view averaging, prediction; and the second data set's
 * generator.
 */
class GeneraliseCliTest {
  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();

  @Test
  void stagesCl2nWithRotationLabelsTrainsEnrolsAndPredicts() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 16, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 16, 2);
    CliFixture.writeImages(data, "vertical2", 2, 16, 3);
    Path model = tmp.resolve("model");
    Run train =
        CliFixture.trainTiny(
            data,
            model,
            "8",
            "--loss",
            "cosface",
            "--margin",
            "-0.02",
            "--features",
            "stages+cl2n",
            "--rotation-labels");
    assertThat(train.code()).as(train.err()).isZero();
    JsonNode info = json.readTree(model.resolve("model.json").toFile());
    assertThat(info.get("features").get("tap").asText()).isEqualTo("stages");
    assertThat(info.get("features").get("centre")).hasSize(32 + 64 + 128);
    assertThat(info.get("training").get("experimental").get("rotation_labels").asBoolean())
        .isTrue();
    assertThat(info.get("training").get("run").get("convergence").get("status").asText())
        .isIn("ok", "near_chance", "below_pixel_baseline");
    assertThat(info.get("loss").get("margin").asDouble()).isCloseTo(-0.02, Assertions.within(1e-6));

    Path gallery = tmp.resolve("gallery");
    Run enrol =
        run(
            "enroll",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--views",
            "5");
    assertThat(enrol.code()).as(enrol.err()).isZero();
    Run stats = run("gallery", "stats", "--gallery", gallery.toString(), "--json");
    assertThat(json.readTree(stats.out()).get("dimension").asInt()).isEqualTo(224);
    Path image = data.resolve("vertical2").resolve("vertical20.png");
    Run predict =
        run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--json",
            image.toString());
    assertThat(predict.code()).as(predict.err()).isZero();
    assertThat(json.readTree(predict.out()).get("predictions").get(0).get("label").asText())
        .isNotEmpty();

    Run badViews =
        run(
            "enroll",
            "--model",
            model.toString(),
            "--gallery",
            tmp.resolve("g2").toString(),
            "--data",
            data.toString(),
            "--views",
            "4");
    assertThat(badViews.code()).isEqualTo(2);
    assertThat(badViews.err()).contains("--views: views must be 1, 5 or 10");
    assertThat(tmp.resolve("g2")).doesNotExist();
  }

  @Test
  void aRotationHeadAndAZcaShrinkageTrainOneEpochAndBadValuesAreRefusedByFlag() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 16, 1);
    CliFixture.writeImages(data, "vertical2", 2, 16, 3);
    Path model = tmp.resolve("model");
    Run train =
        CliFixture.trainTiny(
            data,
            model,
            "8",
            "--rotation-head-weight",
            "0.5",
            "--zca-shrinkage",
            "0.5",
            "--zca-between-weight",
            "0.25");
    assertThat(train.code()).as(train.err()).isZero();
    JsonNode training = json.readTree(model.resolve("model.json").toFile()).get("training");
    assertThat(training.get("experimental").get("rotation_head_weight").asDouble()).isEqualTo(0.5);
    assertThat(training.get("experimental").get("rotation_labels").asBoolean()).isFalse();
    assertThat(training.get("features").get("features").asText()).isEqualTo("embedding+zca");
    assertThat(training.get("features").get("zca_shrinkage").asDouble()).isEqualTo(0.5);
    assertThat(training.get("features").get("zca_between_weight").asDouble()).isEqualTo(0.25);
    Run above = CliFixture.trainTiny(data, tmp.resolve("m2"), "8", "--zca-between-weight", "2");
    assertThat(above.code()).isEqualTo(2);
    assertThat(above.err()).contains("-X zca-between-weight must be in [0, 1], got 2.0");

    Run zero = CliFixture.trainTiny(data, tmp.resolve("m2"), "8", "--zca-shrinkage", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("-X zca-shrinkage must be in (0, 10], got 0.0");
    Run plain =
        CliFixture.trainTiny(
            data, tmp.resolve("m2"), "8", "--features", "embedding", "--zca-shrinkage", "1");
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.err())
        .contains(
            "-X zca-shrinkage applies to whitened features (TAP+zca), not --features embedding");

    Run negative =
        CliFixture.trainTiny(data, tmp.resolve("m2"), "8", "--rotation-head-weight", "-1");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).contains("-X rotation-head-weight must be in [0, 100], got -1.0");
    Run both =
        CliFixture.trainTiny(
            data, tmp.resolve("m3"), "8", "--rotation-head-weight", "1", "--rotation-labels");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err())
        .contains("-X rotation-head-weight and -X rotation-labels exclude each other");
    assertThat(tmp.resolve("m2")).doesNotExist();
  }
}
