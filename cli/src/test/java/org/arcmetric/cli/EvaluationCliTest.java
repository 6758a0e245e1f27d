package org.arcmetric.cli;

import static org.arcmetric.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.arcmetric.cli.CliFixture.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate's protocols and JSON keys, embed's exports and the HTML report, end to end on striped
 * PNGs: a 3-dimensional model trained on three classes, a fourth class enrolled without training.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationCliTest {
  @TempDir static Path tmp;
  Path data;
  Path model;
  Path gallery;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void trainAndEnrol() throws Exception {
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 20, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 20, 2);
    CliFixture.writeImages(data, "vertical2", 2, 20, 3);
    CliFixture.writeImages(data, "vertical3", 3, 20, 4);
    model = tmp.resolve("model");
    gallery = tmp.resolve("gallery");
    Run train =
        CliFixture.trainTiny(data, model, "3", "--classes", "horizontal2,horizontal3,vertical2");
    assertThat(train.code()).as(train.err()).isZero();
    Run enrol = enrol(gallery);
    assertThat(enrol.code()).as(enrol.err()).isZero();
  }

  /** Runs {@code enroll --model MODEL --gallery GALLERY --data DATA EXTRA...}. */
  private Run enrol(Path gallery, String... extra) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "enroll",
                "--model",
                model.toString(),
                "--gallery",
                gallery.toString(),
                "--data",
                data.toString()));
    all.addAll(List.of(extra));
    return run(all.toArray(new String[0]));
  }

  /** Runs {@code gallery calibrate --model MODEL --gallery GALLERY --data IMAGES EXTRA...}. */
  private Run calibrate(Path gallery, Path images, String... extra) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "gallery",
                "calibrate",
                "--model",
                model.toString(),
                "--gallery",
                gallery.toString(),
                "--data",
                images.toString()));
    all.addAll(List.of(extra));
    return run(all.toArray(new String[0]));
  }

  /** Runs {@code command --model MODEL ARGS...}. */
  private Run withModel(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--model", model.toString()));
    all.addAll(List.of(args));
    return run(all.toArray(new String[0]));
  }

  private JsonNode evaluate(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--json"));
    args.addAll(List.of(extra));
    Run r = run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isZero();
    return json.readTree(r.out());
  }

  /** The open-set protocol with the test images as gallery data, no baseline. */
  private JsonNode openSetOnData(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("--gallery-data", data.toString(), "--protocol", "open-set", "--no-baseline"));
    args.addAll(List.of(extra));
    return evaluate(args.toArray(new String[0]));
  }

  @Test
  void evaluatePrintsEveryMetricKey() throws Exception {
    JsonNode j = evaluate("--gallery", gallery.toString());
    for (String key :
        List.of(
            "accuracy",
            "top5_accuracy",
            "per_class",
            "confusion",
            "macro_precision",
            "precision_at_1",
            "r_precision",
            "map_at_r",
            "recall_at_k",
            "nmi",
            "ami",
            "roc_auc",
            "eer",
            "tar_at_far")) {
      assertThat(j.has(key)).as(key).isTrue();
    }
    assertThat(j.get("protocol").asText()).isEqualTo("none");
    // every query class is in the gallery: no open-set part
    assertThat(j.has("open_set_auroc")).isFalse();
    assertThat(j.get("tar_at_far").has("1e-2")).isTrue();
    assertThat(j.get("images").asInt()).isEqualTo(80);
    // the confusion matrix agrees with the accuracy
    int correct = 0;
    JsonNode columns = j.get("confusion").get("columns");
    for (int c = 0; c < columns.size() - 1; c++) {
      JsonNode row = j.get("confusion").get("rows").get(columns.get(c).asText());
      correct += row == null ? 0 : row.get(c).asInt();
    }
    assertThat(correct / 80.0).isEqualTo(j.get("accuracy").asDouble());
  }

  @Test
  void calibrateThenPredictReportsThresholdAndFar() throws Exception {
    Path gal = tmp.resolve("calibrated");
    Run enrol = enrol(gal, "--classes", "horizontal2,horizontal3,vertical2");
    assertThat(enrol.code()).as(enrol.err()).isZero();
    Path val = tmp.resolve("val");
    CliFixture.writeImages(val, "horizontal2", 0, 10, 11);
    CliFixture.writeImages(val, "vertical2", 2, 10, 12);
    CliFixture.writeImages(val, "horizontal3", 1, 10, 13);
    CliFixture.writeImages(val, "unseen", 3, 10, 14);
    // by default at most 10% of the right answers may be turned away: the cap is stored
    Run capped = calibrate(gal, val, "--target-far", "0.1");
    assertThat(capped.code()).as(capped.err()).isZero();
    JsonNode cappedStats =
        json.readTree(run("gallery", "stats", "--gallery", gal.toString(), "--json").out());
    assertThat(cappedStats.at("/calibration/max_false_reject").asDouble()).isEqualTo(0.1);
    // without the cap (1) the threshold keeps the target FAR whatever it rejects
    Run calibrate = calibrate(gal, val, "--target-far", "0.1", "--max-false-reject", "1");
    assertThat(calibrate.code()).as(calibrate.err()).isZero();
    assertThat(calibrate.out())
        .contains("10 of classes not in the gallery")
        .contains("global threshold");
    JsonNode stats =
        json.readTree(run("gallery", "stats", "--gallery", gal.toString(), "--json").out());
    assertThat(stats.get("calibration").get("method").asText()).isEqualTo("target_far");
    assertThat(
            stats.at("/calibration/max_false_reject").isMissingNode()
                || stats.at("/calibration/max_false_reject").isNull())
        .isTrue();
    assertThat(stats.get("calibration_stale").isNull()).isTrue();

    Path image = val.resolve("unseen").resolve("unseen0.png");
    Run p =
        run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gal.toString(),
            "--json",
            image.toString());
    assertThat(p.code()).as(p.err()).isZero();
    JsonNode answer = json.readTree(p.out()).get("predictions").get(0);
    assertThat(answer.has("threshold")).isTrue();
    assertThat(answer.get("estimated_far").asDouble()).isBetween(0.0, 1.0);
    // the score is a float written in its shortest form: read it back as that float, exactly as
    // the classifier compared it with the (double) threshold; the query may sit on the threshold
    assertThat(answer.get("unknown").asBoolean())
        .isEqualTo((double) answer.get("score").floatValue() < answer.get("threshold").asDouble());
    assertThat(answer.get("decided_by").toString())
        .isEqualTo("{\"mode\":\"centroid\",\"calibrated\":true}");
    Run plain =
        run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gal.toString(),
            "--json",
            "--no-calibration",
            image.toString());
    JsonNode plainAnswer = json.readTree(plain.out()).get("predictions").get(0);
    assertThat(plainAnswer.has("threshold")).isFalse();
    assertThat(plainAnswer.get("decided_by").get("calibrated").asBoolean()).isFalse();

    // evaluate checks the stored calibration as predict uses it; on its own calibration images
    // (one threshold for all: no class has 20 answers of each kind) the FAR is within the target
    Run checked =
        withModel("evaluate", "--gallery", gal.toString(), "--data", val.toString(), "--json");
    assertThat(checked.code()).as(checked.err()).isZero();
    JsonNode cal = json.readTree(checked.out()).get("calibration");
    assertThat(cal.get("target_far").asDouble()).isEqualTo(0.1);
    assertThat(cal.get("queries").asInt()).isEqualTo(40);
    assertThat(cal.get("unknown_queries").asInt()).isEqualTo(10);
    // every answer is genuine or an impostor, and each of the 30 queries of gallery classes
    // counts once more as an impostor against the gallery without its class
    assertThat(cal.get("genuine").asInt() + cal.get("impostors").asInt()).isEqualTo(40 + 30);
    assertThat(cal.get("impostors").asInt()).isGreaterThanOrEqualTo(10);
    assertThat(cal.get("observed_far").asDouble()).isLessThanOrEqualTo(0.1);
    assertThat(cal.get("unknown_rejection").asDouble()).isBetween(0.0, 1.0);
    Run half = withModel("evaluate", "--gallery", gal.toString(), "--data", val + "@2/2");
    assertThat(half.code()).as(half.err()).isZero();
    assertThat(half.out())
        .contains("calibration (centroid, target FAR 0.1)")
        .contains("(5 queries)");
    Run without =
        withModel(
            "evaluate",
            "--gallery",
            gal.toString(),
            "--data",
            val.toString(),
            "--json",
            "--no-calibration");
    assertThat(json.readTree(without.out()).has("calibration")).isFalse();

    // every image of data is enrolled in the first gallery: nothing to calibrate with
    Run enrolled = calibrate(gallery, data);
    assertThat(enrolled.code()).isEqualTo(2);
    assertThat(enrolled.err()).contains("is enrolled in the gallery");

    // a class removed since: predict and evaluate both warn and go on without the thresholds
    assertThat(run("gallery", "remove", "--gallery", gal.toString(), "vertical2").code()).isZero();
    Run stalePredict =
        withModel("predict", "--gallery", gal.toString(), "--json", image.toString());
    assertThat(stalePredict.code()).as(stalePredict.err()).isZero();
    assertThat(stalePredict.err())
        .contains("calibration is out of date")
        .contains("answering without it");
    assertThat(json.readTree(stalePredict.out()).get("predictions").get(0).has("threshold"))
        .isFalse();
    Run staleEvaluate =
        withModel("evaluate", "--gallery", gal.toString(), "--data", val.toString(), "--json");
    assertThat(staleEvaluate.code()).as(staleEvaluate.err()).isZero();
    assertThat(staleEvaluate.err())
        .contains("calibration is out of date")
        .contains("not evaluated");
    assertThat(json.readTree(staleEvaluate.out()).has("calibration")).isFalse();
  }

  @Test
  void rebuildReportsMissingSourcesAndCheckFindsDamage() throws Exception {
    Path copy = tmp.resolve("copy");
    CliFixture.writeImages(copy, "horizontal2", 0, 6, 21);
    CliFixture.writeImages(copy, "vertical2", 2, 6, 22);
    Path g = tmp.resolve("to-rebuild");
    assertThat(
            run(
                    "enroll",
                    "--model",
                    model.toString(),
                    "--gallery",
                    g.toString(),
                    "--data",
                    copy.toString())
                .code())
        .isZero();
    Path gone = copy.resolve("vertical2").resolve("vertical23.png");
    Files.delete(gone);
    Path rebuilt = tmp.resolve("rebuilt");
    Run r =
        run(
            "gallery",
            "rebuild",
            "--model",
            model.toString(),
            "--gallery",
            g.toString(),
            "--out",
            rebuilt.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("rebuilt 11 of 12 entries").contains("1 entries were not rebuilt");
    assertThat(r.err()).contains(gone.toString());
    JsonNode list =
        json.readTree(run("gallery", "list", "--gallery", rebuilt.toString(), "--json").out());
    assertThat(list.get("labels").get("vertical2").asInt()).isEqualTo(5);
    // the same model gives the same vectors: a rebuilt entry finds its original as nearest
    Run p =
        run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            rebuilt.toString(),
            "--json",
            "--mode",
            "knn",
            "--k",
            "1",
            copy.resolve("horizontal2").resolve("horizontal20.png").toString());
    assertThat(json.readTree(p.out()).get("predictions").get(0).get("score").asDouble())
        .isGreaterThan(0.999);

    Run ok = run("gallery", "check", "--gallery", rebuilt.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("is intact");
    try (var files = Files.list(rebuilt)) {
      Path biggest =
          files
              .filter(f -> !f.getFileName().toString().startsWith("segments"))
              .filter(f -> !f.getFileName().toString().equals("write.lock"))
              .max(Comparator.comparingLong(f -> f.toFile().length()))
              .orElseThrow();
      byte[] bytes = Files.readAllBytes(biggest);
      Files.write(biggest, Arrays.copyOf(bytes, bytes.length / 2)); // truncate
    }
    Run damaged = run("gallery", "check", "--gallery", rebuilt.toString());
    assertThat(damaged.code()).isEqualTo(1);
    assertThat(damaged.err()).contains(rebuilt.toString()).contains("gallery rebuild");
  }

  @Test
  void hnswOptionsFromTheCommandLine() throws Exception {
    Path g = tmp.resolve("int8");
    Run enrol = enrol(g, "--hnsw-m", "8", "--hnsw-beam-width", "50", "--int8");
    assertThat(enrol.code()).as(enrol.err()).isZero();
    JsonNode stats =
        json.readTree(run("gallery", "stats", "--gallery", g.toString(), "--json").out());
    assertThat(stats.get("hnsw").get("max_conn").asInt()).isEqualTo(8);
    assertThat(stats.get("hnsw").get("int8").asBoolean()).isTrue();
    Path image = data.resolve("vertical2").resolve("vertical20.png");
    Run p =
        run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            g.toString(),
            "--search",
            "approximate",
            "--candidates",
            "20",
            "--json",
            image.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(json.readTree(p.out()).get("predictions").get(0).get("neighbours")).isNotEmpty();
    Run again = enrol(g, "--hnsw-m", "16");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("fixed when a gallery is created");
    Run bad =
        run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            g.toString(),
            "--search",
            "fast",
            image.toString());
    assertThat(bad.code()).isEqualTo(2);
  }

  @Test
  void serveRefusesAMissingGalleryOrAShortToken() throws Exception {
    Run missing =
        run(
            "serve",
            "--model",
            model.toString(),
            "--gallery",
            tmp.resolve("nothing").toString(),
            "--port",
            "0");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no such gallery");
    Path token = Files.writeString(tmp.resolve("token"), "short\n");
    Run shortToken =
        run(
            "serve",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--port",
            "0",
            "--token-file",
            token.toString());
    assertThat(shortToken.code()).isEqualTo(2);
    assertThat(shortToken.err()).contains("at least 16 characters");
  }

  @Test
  void theRawPixelBaselineSitsBesideEveryProtocolWithTheSameKeys() throws Exception {
    // an enrolled gallery: the baseline reads its images back from the stored sources
    JsonNode j = evaluate("--gallery", gallery.toString());
    JsonNode b = j.get("baseline");
    assertThat(b.get("name").asText()).isEqualTo("pixels");
    Set<String> modelKeys = new TreeSet<>();
    j.fieldNames().forEachRemaining(modelKeys::add);
    Set<String> baseKeys = new TreeSet<>();
    b.fieldNames().forEachRemaining(baseKeys::add);
    modelKeys.removeAll(
        List.of("protocol", "unknown_score", "baseline", "calibration", "features"));
    baseKeys.remove("name");
    assertThat(baseKeys).isEqualTo(modelKeys);
    // striped images: raw pixels of one class correlate, so the baseline is far above chance
    assertThat(b.get("accuracy").asDouble()).isGreaterThan(0.5);

    JsonNode few =
        evaluate(
            "--gallery-data",
            data.toString(),
            "--protocol",
            "new-classes",
            "--shots",
            "1,5",
            "--repeats",
            "3");
    assertThat(few.get("baseline").get("rows")).hasSize(2);
    assertThat(few.get("baseline").get("new_classes").toString()).isEqualTo("[\"vertical3\"]");

    JsonNode loo = evaluate("--leave-one-out");
    assertThat(loo.get("baseline").get("map_at_r").asDouble()).isBetween(0.0, 1.0);

    JsonNode none = evaluate("--gallery", gallery.toString(), "--no-baseline");
    assertThat(none.get("baseline").isNull()).isTrue();
    assertThat(none.get("baseline_missing").asText()).isEqualTo("--no-baseline");

    Run text = withModel("evaluate", "--gallery", gallery.toString(), "--data", data.toString());
    assertThat(text.out()).contains("baseline: raw pixels");
  }

  @Test
  void otherFeaturesOfTheSameNetworkAndViewAveraging() throws Exception {
    JsonNode plain = evaluate("--gallery-data", data.toString());
    for (String f :
        List.of(
            "pooled", "pooled+cl2n", "stages", "embedding+cl2n", "embedding+zca", "stages+zca")) {
      JsonNode j = evaluate("--gallery-data", data.toString(), "--features", f);
      assertThat(j.get("features").asText()).isEqualTo(f);
      assertThat(j.get("accuracy").asDouble()).as(f).isBetween(0.0, 1.0);
      // the baseline does not change with the model's features
      assertThat(j.get("baseline").get("accuracy").asDouble())
          .isEqualTo(plain.get("baseline").get("accuracy").asDouble());
    }
    JsonNode softer =
        evaluate(
            "--gallery-data",
            data.toString(),
            "--features",
            "embedding+zca",
            "--zca-shrinkage",
            "10");
    assertThat(softer.get("features").asText()).isEqualTo("embedding+zca");
    assertThat(softer.get("zca_shrinkage").asDouble()).isEqualTo(10.0);
    JsonNode lessBetween =
        evaluate(
            "--gallery-data",
            data.toString(),
            "--features",
            "embedding+zca",
            "--zca-between-weight",
            "0.3");
    assertThat(lessBetween.get("zca_between_weight").asDouble()).isEqualTo(0.3);
    assertThat(lessBetween.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(
            evaluate("--gallery-data", data.toString(), "--features", "embedding+zca")
                .get("zca_shrinkage")
                .asDouble())
        .isEqualTo(0.01);
    Run shrinkNoZca =
        withModel(
            "evaluate",
            "--gallery-data",
            data.toString(),
            "--data",
            data.toString(),
            "--features",
            "pooled+cl2n",
            "--zca-shrinkage",
            "1");
    assertThat(shrinkNoZca.code()).isEqualTo(2);
    assertThat(shrinkNoZca.err())
        .contains("--zca-shrinkage applies to whitened features (TAP+zca), not --features")
        .contains("pooled+cl2n");
    Run shrinkOwn =
        withModel(
            "evaluate",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--zca-shrinkage",
            "1");
    assertThat(shrinkOwn.code()).isEqualTo(2);
    assertThat(shrinkOwn.err()).contains("--zca-shrinkage applies with --features TAP+zca");
    JsonNode views = evaluate("--gallery-data", data.toString(), "--gallery-views", "5");
    assertThat(views.get("accuracy").asDouble()).isBetween(0.0, 1.0);

    Run onGallery =
        withModel(
            "evaluate",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--features",
            "pooled");
    assertThat(onGallery.code()).isEqualTo(2);
    assertThat(onGallery.err()).contains("--features applies with --gallery-data");
    Run bad =
        withModel(
            "evaluate",
            "--gallery-data",
            data.toString(),
            "--data",
            data.toString(),
            "--features",
            "penultimate");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--features: 'penultimate'");
    Run badViews =
        withModel(
            "evaluate",
            "--gallery-data",
            data.toString(),
            "--data",
            data.toString(),
            "--gallery-views",
            "3");
    assertThat(badViews.code()).isEqualTo(2);
    assertThat(badViews.err()).contains("--gallery-views: views must be 1, 5 or 10");
  }

  @Test
  void knnPriorByFlag() throws Exception {
    String[] few = {
      "--gallery-data",
      data.toString(),
      "--protocol",
      "new-classes",
      "--shots",
      "2",
      "--repeats",
      "2",
      "--mode",
      "knn"
    };
    JsonNode uniform = evaluate(few);
    assertThat(uniform.get("knn_prior").asText()).isEqualTo("uniform");
    List<String> plain = new ArrayList<>(List.of(few));
    plain.addAll(List.of("--knn-prior", "gallery"));
    JsonNode gallery = evaluate(plain.toArray(new String[0]));
    assertThat(gallery.get("knn_prior").asText()).isEqualTo("gallery");
    assertThat(gallery.get("rows").get(0).get("draws").asInt()).isEqualTo(2);
    JsonNode centroid = evaluate("--gallery-data", data.toString(), "--protocol", "new-classes");
    assertThat(centroid.has("knn_prior")).as("centroid mode has no k-NN prior").isFalse();

    Run bad =
        withModel(
            "predict",
            "--gallery",
            this.gallery.toString(),
            "--mode",
            "knn",
            "--knn-prior",
            "equal",
            data.resolve("vertical3").resolve("vertical30.png").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--knn-prior").contains("uniform or gallery");

    // a calibration records the prior its thresholds were fit under
    Path g = tmp.resolve("prior-gallery");
    Run enrol = enrol(g);
    assertThat(enrol.code()).as(enrol.err()).isZero();
    Path val = tmp.resolve("prior-val");
    CliFixture.writeImages(val, "horizontal2", 0, 10, 21);
    CliFixture.writeImages(val, "vertical3", 3, 10, 22);
    CliFixture.writeImages(val, "unseen", 1, 10, 23);
    Run calibrate = calibrate(g, val, "--mode", "knn", "--knn-prior", "gallery", "--best-f1");
    assertThat(calibrate.code()).as(calibrate.err()).isZero();
    JsonNode stats =
        json.readTree(run("gallery", "stats", "--gallery", g.toString(), "--json").out());
    assertThat(stats.get("calibration").get("mode").asText()).isEqualTo("knn");
    assertThat(stats.get("calibration").get("knn_prior").asText()).isEqualTo("gallery");
  }

  @Test
  void leaveOneOutNeedsNoGallery() throws Exception {
    JsonNode j = evaluate("--leave-one-out");
    assertThat(j.get("protocol").asText()).isEqualTo("leave-one-out");
    assertThat(j.get("retrieval_queries").asInt()).isEqualTo(80);
    assertThat(j.get("map_at_r").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.has("accuracy")).isFalse();
    Run both =
        withModel(
            "evaluate",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--leave-one-out");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--gallery=GALLERY, --leave-one-out are mutually exclusive");
    Run neither = withModel("evaluate", "--data", data.toString());
    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err())
        .contains("(--gallery=GALLERY | --gallery-data=SPEC | --leave-one-out)");
    Run report =
        withModel(
            "report",
            "--gallery",
            gallery.toString(),
            "--gallery-data",
            data.toString(),
            "--data",
            data.toString(),
            "--out",
            data.resolveSibling("never").toString());
    assertThat(report.code()).isEqualTo(2);
    assertThat(report.err()).contains("--gallery=GALLERY, --gallery-data=SPEC are mutually");
  }

  @Test
  void protocols() throws Exception {
    JsonNode closed = evaluate("--gallery", gallery.toString(), "--protocol", "closed");
    assertThat(closed.get("images").asInt()).isEqualTo(60);
    assertThat(closed.has("open_set_auroc")).isFalse();

    JsonNode open = evaluate("--gallery", gallery.toString(), "--protocol", "open-set");
    assertThat(open.get("open_set_auroc").asDouble()).isBetween(0.0, 1.0);
    assertThat(open.get("open_set").get("unknown_queries").asInt()).isEqualTo(20);
    assertThat(open.get("open_set").get("trade_off")).hasSize(51);
    assertThat(open.get("unknown_score").asText()).isEqualTo("similarity");
    JsonNode ownCos = openSetOnData();
    JsonNode plainCos = openSetOnData("--features", "embedding");
    assertThat(ownCos.get("open_set_auroc").asDouble())
        .isNotCloseTo(plainCos.get("open_set_auroc").asDouble(), within(1e-3));
    // the open-set scores other than the cosine moved to research/open-set: a usage error now
    Run removed =
        withModel(
            "evaluate",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--unknown-score",
            "mahalanobis");
    assertThat(removed.code()).isEqualTo(2);
    assertThat(removed.err()).contains("--unknown-score");

    JsonNode few =
        evaluate(
            "--gallery-data",
            data.toString(),
            "--protocol",
            "new-classes",
            "--shots",
            "1,5",
            "--repeats",
            "3");
    assertThat(few.get("new_classes").toString()).isEqualTo("[\"vertical3\"]");
    assertThat(few.get("rows")).hasSize(2);
    assertThat(few.get("rows").get(1).get("draws").asInt()).isEqualTo(3);

    Run tooMany =
        withModel(
            "evaluate",
            "--gallery-data",
            data.toString(),
            "--data",
            data.toString(),
            "--protocol",
            "new-classes",
            "--shots",
            "50");
    assertThat(tooMany.code()).isEqualTo(2);
    assertThat(tooMany.err()).contains("'vertical3' has 20 images").contains("50 shots");

    Run noUnknown =
        withModel(
            "evaluate",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--classes",
            "horizontal2,vertical2",
            "--protocol",
            "open-set");
    assertThat(noUnknown.code()).isEqualTo(2);
    assertThat(noUnknown.err()).contains("needs queries of classes the model was not trained on");

    Run bad =
        withModel(
            "evaluate",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--protocol",
            "sideways");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains("unknown --protocol 'sideways': choose none, closed, new-classes or open-set");

    Run both = withModel("evaluate", "--data", data.toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--gallery").contains("--gallery-data");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Run none = withModel("evaluate", "--gallery", gallery.toString(), "--data", empty.toString());
    assertThat(none.code()).isNotZero();
    assertThat(none.err()).contains(empty.toString());
  }

  @Test
  void embedWritesNpyCsvAndProjectorFiles() throws Exception {
    Path npy = tmp.resolve("out/vectors.npy");
    Run r = withModel("embed", "--data", data.toString(), "--out", npy.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 80 embeddings of dimension 3");
    String header = new String(Files.readAllBytes(npy), 10, 60, StandardCharsets.US_ASCII);
    assertThat(header).contains("'shape': (80, 3)");
    assertThat(Files.readAllLines(tmp.resolve("out/vectors.labels.txt"))).hasSize(80);
    Path tsv = tmp.resolve("out/vectors.tsv");
    assertThat(withModel("embed", "--data", data.toString(), "--out", tsv.toString()).code())
        .isZero();
    assertThat(Files.readAllLines(tsv)).hasSize(80).allMatch(l -> l.split("\t").length == 3);
    assertThat(Files.readAllLines(tmp.resolve("out/metadata.tsv"))).hasSize(81);
    Run bad = withModel("embed", "--data", data.toString(), "--out", "x.bin");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains(".npy, .csv or .tsv");

    // other activations, untransformed: the pooled backbone output (128 values), and the
    // embedding before the model's whitening (unit vectors, not the model's own output)
    Path pooled = tmp.resolve("out/pooled.npy");
    Run p =
        withModel(
            "embed", "--data", data.toString(), "--out", pooled.toString(), "--features", "pooled");
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("wrote 80 embeddings of dimension 128");
    Path own = tmp.resolve("out/own.csv");
    Path raw = tmp.resolve("out/raw.csv");
    assertThat(withModel("embed", "--data", data.toString(), "--out", own.toString()).code())
        .isZero();
    assertThat(
            withModel(
                    "embed",
                    "--data",
                    data.toString(),
                    "--out",
                    raw.toString(),
                    "--features",
                    "embedding")
                .code())
        .isZero();
    String[] ownRow = Files.readAllLines(own).get(1).split(",");
    String[] rawRow = Files.readAllLines(raw).get(1).split(",");
    double norm = 0;
    for (int i = 2; i < rawRow.length; i++) {
      norm += Math.pow(Double.parseDouble(rawRow[i]), 2);
    }
    assertThat(norm).isCloseTo(1, within(1e-4));
    assertThat(rawRow).hasSize(ownRow.length).isNotEqualTo(ownRow);
    Run measured =
        withModel(
            "embed",
            "--data",
            data.toString(),
            "--out",
            raw.toString(),
            "--features",
            "embedding+zca");
    assertThat(measured.code()).isEqualTo(2);
    assertThat(measured.err()).contains("--features: embed writes a plain activation");
  }

  @Test
  void plotDrawsCurvesAndTheSphere() throws Exception {
    Path dir = tmp.resolve("plots");
    Run r =
        withModel(
            "plot",
            "--data",
            data.toString(),
            "--method",
            "raw,pca",
            "--size",
            "640x480",
            "--out",
            dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    for (String f : List.of("loss.png", "raw.png", "pca.png")) {
      BufferedImage img = ImageIO.read(dir.resolve(f).toFile());
      assertThat(img.getWidth()).as(f).isEqualTo(640);
      assertThat(img.getHeight()).as(f).isEqualTo(480);
    }
    Run bad = withModel("plot", "--method", "umap", "--out", dir.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("choose pca, tsne or raw");
  }

  @Test
  void reportLinksResolveToFilesItWrote() throws Exception {
    Path dir = tmp.resolve("report");
    Run r =
        withModel(
            "report",
            "--gallery",
            gallery.toString(),
            "--data",
            data.toString(),
            "--out",
            dir.toString(),
            "--tsne-points",
            "40");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("report written to " + dir.resolve("index.html"));
    assertThat(r.err()).contains("note: t-SNE is O(n²): 40 of 80 points");
    String html = Files.readString(dir.resolve("index.html"));
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    List<String> links = new ArrayList<>();
    while (m.find()) {
      links.add(m.group(1));
    }
    assertThat(links)
        .contains(
            "raw.png",
            "pca.png",
            "tsne.png",
            "confusion.png",
            "roc.png",
            "neighbours.png",
            "loss.png",
            "similarities.png");
    for (String l : links) {
      assertThat(dir.resolve(l)).as(l).isRegularFile();
      assertThat(ImageIO.read(dir.resolve(l).toFile())).as(l).isNotNull();
    }
    assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    assertThat(html).contains("New classes without retraining").contains("vertical3 (not trained)");
    JsonNode metrics = json.readTree(dir.resolve("metrics.json").toFile());
    assertThat(metrics.has("open_set_auroc")).isFalse();
    assertThat(metrics.get("few_shot")).hasSize(3);
  }
}
