package org.arcmetric.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.cli.CliFixture;
import org.arcmetric.cli.DemoCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareLossesCommandTest {
  @TempDir Path tmp;

  /** compare-losses on the bundled subset for one epoch, into {@code tmp/out}. */
  CliFixture.Run compare(String losses, String seeds, String out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "compare-losses",
                "--data-dir",
                DemoCommandTest.DATA,
                "--losses",
                losses,
                "--seeds",
                seeds,
                "--epochs",
                "1",
                "--out",
                tmp.resolve(out).toString()));
    args.addAll(List.of(more));
    return CliFixture.run(args.toArray(String[]::new));
  }

  @Test
  void comparesLossesOverSeedsOnOneProtocol() throws Exception {
    CliFixture.Run r = compare("cosface,triplet", "1,2", "c", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("runs")).hasSize(4);
    assertThat(j.get("summary")).hasSize(3);
    // the raw-pixel baseline first: the same gallery and queries for every loss and seed
    assertThat(j.get("summary").get(0).get("loss").asText()).isEqualTo("raw pixels (baseline)");
    assertThat(j.get("summary").get(0).get("centroid_accuracy_all").asText()).contains("±");
    // runs 0 and 2 (cosface and triplet, seed 1) share the gallery and queries, so the baseline
    assertThat(j.get("runs").get(0).get("baseline").get("centroid_accuracy_all").asDouble())
        .isEqualTo(j.get("runs").get(2).get("baseline").get("centroid_accuracy_all").asDouble());
    assertThat(j.get("summary").get(2).get("loss").asText()).isEqualTo("triplet");
    assertThat(j.get("summary").get(1).get("accuracy_new_classes").asText()).contains("±");
    assertThat(j.get("summary").get(1).get("centroid_accuracy_new_classes").asText()).contains("±");
    assertThat(j.get("runs").get(0).get("closed_set_accuracy").asDouble()).isBetween(0.0, 1.0);

    // A second comparison into the same folder adds its runs and keeps the earlier ones.
    CliFixture.Run more = compare("softmax", "1", "c");
    assertThat(more.code()).as(more.err()).isZero();
    for (String run :
        new String[] {"cosface-1", "cosface-2", "triplet-1", "triplet-2", "softmax-1"}) {
      assertThat(tmp.resolve("c").resolve(run).resolve("model/model.json")).as(run).exists();
    }
  }

  @Test
  void aRunFolderNotMadeByItIsRefusedBeforeAnyTraining() throws Exception {
    Path precious = tmp.resolve("d").resolve("arcface-1").resolve("precious.txt");
    Files.createDirectories(precious.getParent());
    Files.writeString(precious, "keep me");
    CliFixture.Run r = compare("cosface,arcface", "1", "d");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("arcface-1 exists and was not made by 'arcmetric compare-losses'");
    assertThat(precious).hasContent("keep me");
    assertThat(tmp.resolve("d").resolve("cosface-1")).as("nothing trained").doesNotExist();
  }

  @Test
  void meanAndSampleStandardDeviation() {
    assertThat(CompareLossesCommand.meanSd(new double[] {0.5, 0.7})).isEqualTo("0.6000 ± 0.1414");
    assertThat(CompareLossesCommand.meanSd(new double[] {0.5})).isEqualTo("0.5000 ± 0.0000");
  }

  @Test
  void unknownLossIsBadUsage() {
    CliFixture.Run r =
        CliFixture.run(
            "compare-losses", "--losses", "arcface,hinge", "--out", tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown --loss 'hinge'");
  }
}
