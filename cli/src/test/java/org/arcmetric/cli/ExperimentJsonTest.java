package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.experiment.Accuracies;
import org.arcmetric.model.ModelFolder;
import org.junit.jupiter.api.Test;

class ExperimentJsonTest {
  static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }

  @Test
  void aRunPrintsTheKeysInTheOrderTheDemoAlwaysPrintedThem() throws Exception {
    Accuracies model = new Accuracies(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7);
    Accuracies pixels = new Accuracies(0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1);
    ExperimentJson run =
        new ExperimentJson(
            List.of("a"),
            List.of("b"),
            3,
            model,
            10,
            1.5,
            "m",
            "g",
            new ExperimentJson.Baseline("pixels", pixels),
            null,
            null,
            null);
    JsonNode demo =
        ModelFolder.JSON.readTree(ModelFolder.JSON.writeValueAsString(run.withReport("r")));
    List<String> accuracy =
        List.of(
            "accuracy_trained_classes",
            "accuracy_new_classes",
            "accuracy_all",
            "closed_set_accuracy",
            "centroid_accuracy_trained_classes",
            "centroid_accuracy_new_classes",
            "centroid_accuracy_all");
    List<String> expected =
        new ArrayList<>(List.of("trained_classes", "new_classes", "shots_per_new_class"));
    expected.addAll(accuracy);
    expected.addAll(
        List.of("test_images", "train_seconds", "model", "gallery", "baseline", "report"));
    assertThat(keys(demo)).containsExactlyElementsOf(expected);
    List<String> baseline = new ArrayList<>(List.of("name"));
    baseline.addAll(accuracy);
    assertThat(keys(demo.get("baseline"))).containsExactlyElementsOf(baseline);
    assertThat(demo.get("accuracy_new_classes").asDouble()).isEqualTo(0.2);
    assertThat(demo.get("baseline").get("accuracy_new_classes").asDouble()).isEqualTo(0.6);

    JsonNode compared =
        ModelFolder.JSON.readTree(ModelFolder.JSON.writeValueAsString(run.withRun("cosface", 2)));
    assertThat(keys(compared)).doesNotContain("report").endsWith("baseline", "loss", "seed");
    assertThat(compared.get("seed").asLong()).isEqualTo(2);
  }
}
