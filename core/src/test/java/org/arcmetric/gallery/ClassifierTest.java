package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases on 2-D unit vectors at known angles. */
class ClassifierTest {
  static float[] at(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }

  // "a" at 0°, 10°, 20°; "b" at 30°; "c" at 90°.
  final ExactIndex index =
      ExactIndex.of(
          List.of("a", "a", "a", "b", "c"), new float[][] {at(0), at(10), at(20), at(30), at(90)});

  @Test
  void oneNearestNeighbourTakesTheClosestLabel() {
    Prediction p = new KnnClassifier(index, 1, -2f).classify(at(27), 3);
    assertThat(p.label()).isEqualTo("b");
    assertThat(p.score()).isCloseTo((float) Math.cos(Math.toRadians(3)), within(1e-6f));
    assertThat(p.neighbours()).extracting(Neighbour::label).containsExactly("b", "a", "a");
  }

  @Test
  void weightedVoteOfThreeOutvotesTheSingleClosest() {
    // at 27°: b (cos 3°) vs a (cos 7° + cos 17°): a wins with k = 3
    Prediction p = new KnnClassifier(index, 3, -2f).classify(at(27), 0);
    assertThat(p.label()).isEqualTo("a");
    assertThat(p.score()).isCloseTo((float) Math.cos(Math.toRadians(7)), within(1e-6f));
    assertThat(p.candidates()).startsWith("a", "b");
    assertThat(p.neighbours()).isEmpty();
  }

  @Test
  void belowTheThresholdTheAnswerIsUnknown() {
    Prediction p = new KnnClassifier(index, 1, 0.9f).classify(at(180), 2);
    assertThat(p.unknown()).isTrue();
    assertThat(p.label()).isNull();
    assertThat(p.neighbours()).hasSize(2);
    Prediction known = new KnnClassifier(index, 1, 0.9f).classify(at(5), 2);
    assertThat(known.unknown()).isFalse();
    assertThat(known.label()).isEqualTo("a");
  }

  @Test
  void centroidUsesTheNormalisedClassMean() {
    // centroid of a is at 10°; at 22° the nearest centroid is b (30°, 8° away) vs a (12° away)
    Prediction p = new CentroidClassifier(index, -2f).classify(at(22), 1);
    assertThat(p.label()).isEqualTo("b");
    assertThat(p.score()).isCloseTo((float) Math.cos(Math.toRadians(8)), within(1e-5f));
    Prediction q = new CentroidClassifier(index, -2f).classify(at(18), 1);
    assertThat(q.label()).isEqualTo("a");
    assertThat(q.score()).isCloseTo((float) Math.cos(Math.toRadians(8)), within(1e-5f));
    assertThat(q.candidates()).containsExactly("a", "b", "c");
  }
}
