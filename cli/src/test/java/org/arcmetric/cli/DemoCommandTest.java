package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo on the bundled subset, cut to one epoch. */
public class DemoCommandTest {
  public static final String DATA = Path.of("..", "data", "fashion-mnist-mini").toString();
  @TempDir Path tmp;

  @Test
  void aBadOptionLeavesThePreviousDemoInPlace() throws Exception {
    Path previous = Files.createDirectories(tmp.resolve("previous"));
    Files.writeString(previous.resolve(DemoCommand.MARKER), "made by arcmetric demo\n");
    Files.writeString(previous.resolve("kept.txt"), "the last demo");
    CliFixture.Run demo =
        CliFixture.run("demo", "--out", previous.toString(), "--data-dir", DATA, "--epochs", "0");
    assertThat(demo.code()).as(demo.err()).isEqualTo(2);
    assertThat(demo.err()).contains("--epochs");
    assertThat(previous.resolve("kept.txt")).hasContent("the last demo");
  }

  @Test
  void demoTrainsEnrolsNewClassesAndReportsAccuracy() throws Exception {
    Path out = tmp.resolve("demo");
    CliFixture.Run r =
        CliFixture.run(
            "demo", "--out", out.toString(), "--data-dir", DATA, "--epochs", "1", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("new_classes")).hasSize(3);
    assertThat(j.get("trained_classes")).hasSize(7);
    assertThat(j.get("test_images").asInt()).isEqualTo(1000);
    for (String k :
        new String[] {
          "accuracy_new_classes",
          "accuracy_trained_classes",
          "accuracy_all",
          "centroid_accuracy_new_classes",
          "closed_set_accuracy"
        }) {
      assertThat(j.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
    }
    // better than chance (0.1) on the trained classes after one epoch
    assertThat(j.get("accuracy_trained_classes").asDouble()).isGreaterThan(0.3);
    // the raw-pixel baseline on the same gallery and queries, with the same keys
    JsonNode b = j.get("baseline");
    assertThat(b.get("name").asText()).isEqualTo("pixels");
    for (String k :
        new String[] {
          "accuracy_new_classes",
          "accuracy_trained_classes",
          "accuracy_all",
          "centroid_accuracy_new_classes",
          "centroid_accuracy_trained_classes",
          "centroid_accuracy_all",
          "closed_set_accuracy"
        }) {
      assertThat(b.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
    }
    // the baseline does not depend on training: it is the same whatever the model
    assertThat(b.get("centroid_accuracy_all").asDouble()).isGreaterThan(0.5);
    assertThat(out.resolve("model/model.json")).exists();
    assertThat(out.resolve("gallery")).isDirectory();
    assertThat(j.get("report").asText()).isEqualTo(out.resolve("report/index.html").toString());
    assertThat(out.resolve("report/index.html"))
        .content()
        .contains("New classes without retraining");
    assertThat(out.resolve("report/tsne.png")).isRegularFile();

    // a second demo replaces its own earlier output; text output names the folders
    CliFixture.Run again =
        CliFixture.run("demo", "--out", out.toString(), "--data-dir", DATA, "--epochs", "1");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out())
        .contains(
            "new classes (3)",
            "trained classes (7)",
            "model centroid",
            "pixels centroid",
            "raw pixels",
            "model:",
            "report:  " + out.resolve("report/index.html"),
            out.toString());
  }

  @Test
  void demoRefusesAFolderItDidNotMakeAndUnknownClasses() throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("precious.txt"), "keep me");
    CliFixture.Run r = CliFixture.run("demo", "--out", mine.toString(), "--data-dir", DATA);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("was not made by 'arcmetric demo'");
    assertThat(mine.resolve("precious.txt")).hasContent("keep me");

    CliFixture.Run bad =
        CliFixture.run(
            "demo",
            "--out",
            tmp.resolve("d2").toString(),
            "--data-dir",
            DATA,
            "--new-classes",
            "Hat,Bag,Coat");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'Hat' is not a Fashion-MNIST class");
    assertThat(tmp.resolve("d2")).doesNotExist();
  }
}
