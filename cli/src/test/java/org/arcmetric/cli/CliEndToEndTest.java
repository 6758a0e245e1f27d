package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.LuceneGallery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end on a tiny ImageFolder of PNGs: train one epoch, enrol, predict and
 * evaluate with --json, manage the gallery, and the error paths with their exit codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {
  @TempDir static Path tmp;
  Path data;
  Path model;
  Path gallery;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void trainOnce() throws Exception {
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 20, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 20, 2);
    CliFixture.writeImages(data, "vertical2", 2, 20, 3);
    model = tmp.resolve("model");
    gallery = tmp.resolve("gallery");
    CliFixture.Run train = CliFixture.trainTiny(data, model, "16", "--val-fraction", "0.2");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out()).contains("model written to " + model);
  }

  @Test
  @Order(1)
  void trainWroteTheModelFolder() {
    assertThat(model.resolve("model.json")).exists();
    assertThat(model.resolve("embedding-0000.params")).exists();
    assertThat(model.resolve("train-log.jsonl")).exists();
  }

  @Test
  @Order(2)
  void enrolPredictEvaluate() throws Exception {
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
    assertThat(enrol.out()).contains("enrolled 60 images of 3 classes");

    Path query = data.resolve("vertical2/vertical20.png");
    CliFixture.Run predict =
        CliFixture.run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--json",
            "--top-k",
            "3",
            query.toString());
    assertThat(predict.code()).as(predict.err()).isZero();
    JsonNode p = json.readTree(predict.out()).get("predictions").get(0);
    assertThat(p.get("image").asText()).isEqualTo(query.toString());
    assertThat(p.get("label").asText()).isEqualTo("vertical2");
    assertThat(p.get("unknown").asBoolean()).isFalse();
    // the score is the cosine to the class centroid; the nearest entry is the image itself
    assertThat(p.get("score").asDouble()).isBetween(0.0, 1.0001);
    assertThat(p.get("neighbours")).hasSize(3);
    assertThat(p.get("neighbours").get(0).get("label").asText()).isEqualTo("vertical2");
    assertThat(p.get("neighbours").get(0).get("score").asDouble()).isBetween(0.99, 1.0001);
    assertThat(p.get("neighbours").get(0).has("id")).isTrue();

    CliFixture.Run unknown =
        CliFixture.run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--json",
            "--threshold",
            "1",
            "--mode",
            "centroid",
            query.toString());
    JsonNode u = json.readTree(unknown.out()).get("predictions").get(0);
    assertThat(u.get("unknown").asBoolean()).isTrue();
    assertThat(u.get("label").isNull()).isTrue();

    CliFixture.Run eval =
        CliFixture.run(
            "evaluate",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--json");
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonNode e = json.readTree(eval.out());
    assertThat(e.get("images").asInt()).isEqualTo(60);
    assertThat(e.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(e.get("top5_accuracy").asDouble()).isEqualTo(1.0);
    assertThat(e.get("per_class").get("horizontal3").get("count").asInt()).isEqualTo(20);

    CliFixture.Run text =
        CliFixture.run(
            "evaluate",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString());
    assertThat(text.out()).contains("class", "accuracy", "all");
  }

  @Test
  @Order(3)
  void newClassIsEnrolledWithoutRetrainingAndRemoved() throws Exception {
    Path extra = tmp.resolve("extra");
    CliFixture.writeImages(extra, "diagonal", 1, 5, 9);
    CliFixture.Run enrol =
        CliFixture.run(
            "enroll",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--data",
            extra.resolve("diagonal").toString(),
            "--label",
            "newcomer");
    assertThat(enrol.code()).as(enrol.err()).isZero();
    CliFixture.Run list =
        CliFixture.run("gallery", "list", "--gallery", gallery.toString(), "--json");
    JsonNode l = json.readTree(list.out());
    assertThat(l.get("labels").get("newcomer").asInt()).isEqualTo(5);
    assertThat(l.get("entries").asInt()).isEqualTo(65);

    CliFixture.Run stats =
        CliFixture.run("gallery", "stats", "--gallery", gallery.toString(), "--json");
    assertThat(json.readTree(stats.out()).get("bytes_on_disk").asLong()).isPositive();
    assertThat(json.readTree(stats.out()).get("classes").asInt()).isEqualTo(4);
    CliFixture.Run rename =
        CliFixture.run("gallery", "rename", "--gallery", gallery.toString(), "newcomer", "arrival");
    assertThat(rename.out()).contains("renamed 5 entries from 'newcomer' to 'arrival'");
    String oneSource = extra.resolve("diagonal").resolve("diagonal0.png").toString();
    CliFixture.Run bySource =
        CliFixture.run("gallery", "remove", "--gallery", gallery.toString(), "--source", oneSource);
    assertThat(bySource.code()).as(bySource.err()).isZero();
    assertThat(bySource.out()).contains("removed 1 entries").contains("64 entries remain");
    CliFixture.Run both =
        CliFixture.run("gallery", "remove", "--gallery", gallery.toString(), "x", "--id", "y");
    assertThat(both.code()).isEqualTo(2);
    assertThat(
            CliFixture.run(
                    "gallery", "rename", "--gallery", gallery.toString(), "arrival", "newcomer")
                .code())
        .isZero();
    assertThat(
            CliFixture.run("gallery", "remove", "--gallery", gallery.toString(), "newcomer").code())
        .isZero();
    CliFixture.Run missing =
        CliFixture.run("gallery", "remove", "--gallery", gallery.toString(), "newcomer");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("has no class 'newcomer'");
    assertThat(CliFixture.run("gallery", "list", "--gallery", gallery.toString()).out())
        .contains("60 entries, 3 classes");
  }

  @Test
  @Order(4)
  void errorsSayWhatIsWrongWithTheRightExitCode() throws Exception {
    CliFixture.Run noData =
        CliFixture.run(
            "train",
            "--data",
            tmp.resolve("nowhere").toString(),
            "--out",
            tmp.resolve("m2").toString());
    assertThat(noData.code()).isEqualTo(1);
    assertThat(noData.err()).contains("nowhere").contains("no such folder").doesNotContain("\tat ");

    CliFixture.Run badEpochs =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m3").toString(),
            "--epochs",
            "0");
    assertThat(badEpochs.code()).isEqualTo(2);
    assertThat(badEpochs.err()).contains("--epochs");

    CliFixture.Run badBackbone =
        CliFixture.run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m4").toString(),
            "--backbone",
            "vgg");
    assertThat(badBackbone.code()).isEqualTo(2);
    assertThat(badBackbone.err()).contains("resnet-small", "mobilenetv2");

    CliFixture.Run existing =
        CliFixture.run(
            "train", "--data", data.toString(), "--out", model.toString(), "--epochs", "1");
    assertThat(existing.code()).isEqualTo(2);
    assertThat(existing.err()).contains("already holds a model");
    // refused before the images are read (a large folder takes minutes to load)
    assertThat(existing.err()).doesNotContain("images loaded");
    assertThat(model.resolve("model.json")).exists();

    Path notImage = Files.writeString(tmp.resolve("notes.png"), "hello");
    CliFixture.Run predict =
        CliFixture.run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            notImage.toString());
    assertThat(predict.code()).isEqualTo(1);
    assertThat(predict.err()).contains("notes.png").contains("not an image");

    CliFixture.Run usage = CliFixture.run("predict", "--model", model.toString());
    assertThat(usage.code()).isEqualTo(2);

    CliFixture.Run noGallery =
        CliFixture.run(
            "evaluate",
            "--model",
            model.toString(),
            "--gallery",
            tmp.resolve("nog").toString(),
            "--data",
            data.toString());
    assertThat(noGallery.code()).isEqualTo(1);
    assertThat(noGallery.err()).contains("no such gallery");
  }

  @Test
  @Order(5)
  void galleryOfAnotherModelIsRefused() throws Exception {
    Path other = tmp.resolve("other-gallery");
    try (var g = LuceneGallery.create(other, "sha256:0123456789abcdef0123", 16)) {
      g.add(List.of(new GalleryEntry("x", "s", unit16())));
    }
    CliFixture.Run r =
        CliFixture.run(
            "enroll",
            "--model",
            model.toString(),
            "--gallery",
            other.toString(),
            "--data",
            data.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("built with another model").contains("into a new gallery");
    try (var g = LuceneGallery.open(other)) {
      assertThat(g.size()).isEqualTo(1);
    }
  }

  private static float[] unit16() {
    float[] v = new float[16];
    v[0] = 1;
    return v;
  }
}
