package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.Neighbour;
import org.junit.jupiter.api.Test;

class PredictionTest {
  final Prediction unknownShirt =
      new Prediction(
          null,
          0.5f,
          true,
          List.of("shirt", "coat"),
          List.of(
              new Neighbour("id1", "shirt", 0.5f, "/data/shirt/1.png"),
              new Neighbour("id2", "coat", 0.25f, "/data/coat/7.png")));

  @Test
  void writesTheFieldsOfPredictJsonInOrder() {
    Map<String, Object> m = unknownShirt.toMap(null, true);
    assertThat(m.keySet()).containsExactly("label", "score", "unknown", "neighbours");
    assertThat(m.get("label")).isNull();
    assertThat(m.get("unknown")).isEqualTo(true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> ns = (List<Map<String, Object>>) m.get("neighbours");
    assertThat(ns.get(0).keySet()).containsExactly("id", "label", "score", "source");
    assertThat(ns.get(1))
        .containsEntry("id", "id2")
        .containsEntry("label", "coat")
        .containsEntry("score", 0.25f)
        .containsEntry("source", "/data/coat/7.png");
  }

  @Test
  void aServiceLeavesSourcesOutAndACalibrationAddsThresholdAndFar() {
    // shirt has its own threshold 0.6; impostor scores 0.1, 0.3, 0.5, 0.7: 2 of 4 are ≥ 0.5
    Calibration cal =
        new Calibration(
            "target_far",
            0.01,
            "knn",
            5,
            0.4,
            Map.of("shirt", 0.6),
            new double[] {0.1, 0.3, 0.5, 0.7},
            4,
            10,
            2,
            2,
            null);
    Map<String, Object> m = unknownShirt.toMap(cal, false);
    assertThat(m.keySet())
        .containsExactly("label", "score", "unknown", "threshold", "estimated_far", "neighbours");
    assertThat(m).containsEntry("threshold", 0.6).containsEntry("estimated_far", 0.5);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> ns = (List<Map<String, Object>>) m.get("neighbours");
    assertThat(ns.get(0).keySet()).containsExactly("id", "label", "score");
  }
}
