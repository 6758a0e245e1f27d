package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.Prediction;
import org.junit.jupiter.api.Test;

/** A NaN compares false with every threshold: it must make "unknown", never an answer. */
class NonFiniteScoreTest {
  @Test
  void aNonFiniteScorePassesNoThreshold() {
    for (float score : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (float threshold : new float[] {0.99f, 0f, Float.NEGATIVE_INFINITY}) {
        Prediction p = Classifier.decide("circle", score, threshold, List.of("circle"), List.of());
        assertThat(p.unknown()).as("%s against %s", score, threshold).isTrue();
        assertThat(p.label()).isNull();
      }
    }
  }

  @Test
  void finiteScoresStillAnswer() {
    assertThat(Classifier.decide("circle", 0.995f, 0.99f, List.of(), List.of()).label())
        .isEqualTo("circle");
    assertThat(Classifier.decide("circle", 0.5f, 0.99f, List.of(), List.of()).unknown()).isTrue();
    assertThat(
            Classifier.decide("circle", -1f, Float.NEGATIVE_INFINITY, List.of(), List.of()).label())
        .isEqualTo("circle");
  }
}
