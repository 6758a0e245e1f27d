package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Neighbour;
import org.assertj.core.api.Assertions;
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
    // at 27°, the plain vote (gallery prior): b (cos 3°) vs a (cos 7° + cos 17°): a wins with k = 3
    Prediction p = new KnnClassifier(index, 3, -2f, ClassPrior.GALLERY).classify(at(27), 0);
    assertThat(p.label()).isEqualTo("a");
    assertThat(p.score()).isCloseTo((float) Math.cos(Math.toRadians(7)), within(1e-6f));
    assertThat(p.candidates()).startsWith("a", "b");
    assertThat(p.neighbours()).isEmpty();
  }

  @Test
  void uniformPriorDividesEachVoteByItsClassSize() {
    // at 27°, k = 3, uniform prior (the default): a = (cos 7° + cos 17°) / 3 = 0.6496 against
    // b = cos 3° / 1 = 0.9986, so the class of one entry is not outvoted by the class of three
    Prediction p = new KnnClassifier(index, 3, -2f).classify(at(27), 0);
    assertThat(p.label()).isEqualTo("b");
    assertThat(p.score()).isCloseTo((float) Math.cos(Math.toRadians(3)), within(1e-6f));
    assertThat(p.candidates()).startsWith("b", "a");
    // at 24°, k = 4: a20 (4°), b30 (6°), a10 (14°), a0 (24°). Gallery prior: a = 2.8814 > b =
    // 0.9945; uniform: a = 2.8814 / 3 = 0.9605 < b = 0.9945
    assertThat(new KnnClassifier(index, 4, -2f, ClassPrior.GALLERY).classify(at(24), 0).label())
        .isEqualTo("a");
    Prediction u = new KnnClassifier(index, 4, -2f, ClassPrior.UNIFORM).classify(at(24), 0);
    assertThat(u.label()).isEqualTo("b");
    assertThat(u.score()).isCloseTo((float) Math.cos(Math.toRadians(6)), within(1e-6f));
  }

  @Test
  void uniformPriorStillLetsTheLargeClassWinWhereItIsCloser() {
    // at 12°, k = 4: a = (cos 2° + cos 8° + cos 12°) / 3 = 0.9893 against b = cos 18° = 0.9511
    Prediction p = new KnnClassifier(index, 4, -2f).classify(at(12), 0);
    assertThat(p.label()).isEqualTo("a");
    assertThat(p.score()).isCloseTo((float) Math.cos(Math.toRadians(2)), within(1e-6f));
  }

  @Test
  void onEqualClassSizesBothPriorsAgree() {
    Random r = new Random(7);
    List<String> labels = new ArrayList<>();
    float[][] v = new float[60][];
    for (int i = 0; i < v.length; i++) {
      labels.add("c" + i % 4);
      v[i] = at(r.nextDouble() * 360);
    }
    ExactIndex balanced = ExactIndex.of(labels, v);
    for (int q = 0; q < 50; q++) {
      float[] query = at(r.nextDouble() * 360);
      Prediction u = new KnnClassifier(balanced, 7, -2f, ClassPrior.UNIFORM).classify(query, 0);
      Prediction g = new KnnClassifier(balanced, 7, -2f, ClassPrior.GALLERY).classify(query, 0);
      assertThat(u.candidates()).isEqualTo(g.candidates());
      assertThat(u.score()).isEqualTo(g.score());
    }
  }

  @Test
  void aCalibratedClassifierVotesUnderTheCalibrationsPrior() {
    // at 27°, k = 3: the plain vote answers a, the uniform prior b (hand values above)
    Calibration old =
        new Calibration("far", 0.01, "knn", 3, -1, Map.of(), new double[] {0}, 1, 1, 5, 3, null);
    assertThat(new CalibratedClassifier(index, old).classify(at(27), 0).label()).isEqualTo("a");
    Calibration now =
        new Calibration(
            "far", 0.01, "knn", 3, -1, Map.of(), new double[] {0}, 1, 1, 5, 3, "uniform");
    assertThat(new CalibratedClassifier(index, now).classify(at(27), 0).label()).isEqualTo("b");
  }

  @Test
  void theChoiceSaysWhichRuleAnswers() {
    Calibration uniform =
        new Calibration(
            "far", 0.01, "knn", 3, -1, Map.of(), new double[] {0}, 1, 1, 5, 3, "uniform");
    ClassifierChoice.Rule plainVote =
        new ClassifierChoice.Rule(
            Classifier.Mode.KNN, 3, Float.NEGATIVE_INFINITY, ClassPrior.GALLERY);
    // a fresh calibration answers: its mode, k and prior (b at 27°, as above), calibrated
    ClassifierChoice calibrated = ClassifierChoice.choose(index, uniform, null, true, plainVote);
    assertThat(calibrated.classifier().classify(at(27), 0).label()).isEqualTo("b");
    assertThat(calibrated.answering().toMap())
        .containsExactly(
            Map.entry("mode", "knn"),
            Map.entry("k", 3),
            Map.entry("knn_prior", "uniform"),
            Map.entry("calibrated", true));
    // the caller asked for its own rule: the plain vote answers a, not calibrated
    ClassifierChoice asked = ClassifierChoice.choose(index, uniform, null, false, plainVote);
    assertThat(asked.classifier().classify(at(27), 0).label()).isEqualTo("a");
    assertThat(asked.answering().toMap())
        .containsEntry("knn_prior", "gallery")
        .containsEntry("calibrated", false);
    // a stale calibration: the asked rule answers and says why; centroid has no k or prior
    ClassifierChoice stale =
        ClassifierChoice.choose(
            index, uniform, "2 entries added", true, ClassifierChoice.Rule.DEFAULT);
    assertThat(stale.staleWhy()).isEqualTo("2 entries added");
    assertThat(stale.answering().toMap())
        .containsExactly(Map.entry("mode", "centroid"), Map.entry("calibrated", false));
  }

  @Test
  void priorsParseByName() {
    assertThat(ClassPrior.parse(" Gallery ")).isEqualTo(ClassPrior.GALLERY);
    assertThat(ClassPrior.parse("uniform")).isEqualTo(ClassPrior.UNIFORM);
    Assertions.assertThatThrownBy(() -> ClassPrior.parse("equal"))
        .hasMessageContaining("knnPrior")
        .hasMessageContaining("uniform or gallery");
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
