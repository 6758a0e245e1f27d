package org.arcmetric.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.arcmetric.classify.KnnClassifier;
import org.arcmetric.gallery.ExactIndex;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  static float[] at(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }

  @Test
  void accuracyTopFiveAndPerClassByHand() {
    ExactIndex g = ExactIndex.of(List.of("a", "b", "c"), new float[][] {at(0), at(60), at(120)});
    // queries: 1° (a, right), 55° (b, right), 100° (true b, answered c), 200° (true a, answered c)
    float[][] q = {at(1), at(55), at(100), at(200)};
    EvalReport r =
        Evaluation.evaluate(new KnnClassifier(g, 1, -2f), q, List.of("a", "b", "b", "a"));
    assertThat(r.images()).isEqualTo(4);
    assertThat(r.accuracy()).isCloseTo(0.5, within(1e-12));
    assertThat(r.top5Accuracy()).isCloseTo(1.0, within(1e-12));
    assertThat(r.perClass().get("a").count()).isEqualTo(2);
    assertThat(r.perClass().get("a").accuracy()).isCloseTo(0.5, within(1e-12));
    assertThat(r.perClass().get("b").accuracy()).isCloseTo(0.5, within(1e-12));

    // at 0.999 only the 1° query (cos 1° = 0.99985) is close enough; unknown counts as wrong
    EvalReport strict =
        Evaluation.evaluate(new KnnClassifier(g, 1, 0.999f), q, List.of("a", "b", "b", "a"));
    assertThat(strict.unknown()).isEqualTo(3);
    assertThat(strict.accuracy()).isCloseTo(0.25, within(1e-12));
  }
}
