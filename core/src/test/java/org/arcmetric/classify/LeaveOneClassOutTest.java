package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.GalleryMetadata;
import org.arcmetric.gallery.GalleryStats;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.Neighbour;
import org.junit.jupiter.api.Test;

/** Unseen classes simulated from the user's own classes: each left out of the gallery in turn. */
class LeaveOneClassOutTest {
  static float[] at(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }

  // three classes on the circle: a at 0°, b at 90°, c at 180°
  final ExactIndex gallery =
      ExactIndex.of(List.of("a", "b", "c"), new float[][] {at(0), at(90), at(180)});
  final GalleryStats stats =
      new GalleryStats(null, 3, 3, 2, "fp", 0, Map.of("a", 1, "b", 1, "c", 1));

  @Test
  void theHiddenClassIsNeverAnswered() {
    WithoutLabel without = new WithoutLabel(gallery, "a", 1);
    assertThat(without.search(at(5), 3)).extracting(Neighbour::label).containsExactly("b", "c");
    assertThat(without.centroids()).containsOnlyKeys("b", "c");
    assertThat(without.labelCounts()).containsOnlyKeys("b", "c");
  }

  @Test
  void queriesOfKnownClassesAloneCalibrateByHand() throws Exception {
    // every query is answered right; before, calibration needed wrong answers or other classes
    float[][] q = {at(10), at(-10), at(80), at(100), at(170), at(190)};
    List<String> labels = List.of("a", "a", "b", "b", "c", "c");
    Calibration cal =
        Calibrator.calibrate(gallery, Classifier.Mode.CENTROID, 1, q, labels, 0.2, stats);
    assertThat(cal.genuine()).isEqualTo(6);
    assertThat(cal.unseenImpostors()).isEqualTo(6);
    assertThat(cal.impostors()).isEqualTo(6);
    // without its class each query's best is the nearest other class: 80° away (cos 0.1736) for
    // a at 10°, b at 80° and 100°, c at 170°; 100° away (−0.1736) for a at −10° and c at 190°
    double c80 = Math.cos(Math.toRadians(80));
    assertThat(cal.impostorScores())
        .containsExactly(new double[] {-c80, -c80, c80, c80, c80, c80}, within(1e-6));
    // FAR 0.2 of 6: at most 1 may be above; all tie, so the threshold sits just above them
    assertThat(cal.global()).isGreaterThan(0.1736).isLessThan(0.1737);
    // the genuine scores (cos 10° = 0.985) all pass: no false rejects
    assertThat(cal.falseRejectRate()).isZero();
    assertThat(cal.acceptedRight()).isEqualTo(1.0);
    assertThat(Calibrator.tooManyRejected(cal)).isNull();
    // the figures are stored with the thresholds in the gallery's commit
    GalleryMetadata back =
        GalleryMetadata.decode(
            "g", GalleryMetadata.of("fp", 2, HnswOptions.DEFAULT).withCalibration(cal).encode());
    assertThat(back.calibration().unseenImpostors()).isEqualTo(6);
    assertThat(back.calibration().falseRejectRate()).isZero();
    assertThat(back.calibration().acceptedRight()).isEqualTo(1.0);
  }

  @Test
  void aThresholdThatRejectsKnownImagesIsWarnedAbout() {
    // b's queries sit far from b (60°): without b they meet a or c at 30°, closer than b itself
    float[][] q = {at(5), at(-5), at(150), at(30), at(175), at(185)};
    List<String> labels = List.of("a", "a", "b", "b", "c", "c");
    Calibration cal =
        Calibrator.calibrate(gallery, Classifier.Mode.CENTROID, 1, q, labels, 0.01, stats);
    assertThat(cal.falseRejectRate()).isGreaterThan(0.2);
    assertThat(Calibrator.tooManyRejected(cal)).contains("answered unknown", "--target-far");
    // and an older calibration, without the figures, is not warned about
    Calibration old =
        new Calibration(
            "target_far", 0.01, "centroid", 1, 0.5, Map.of(), new double[0], 0, 0, 3, 3, null);
    assertThat(Calibrator.tooManyRejected(old)).isNull();
  }

  @Test
  void theFalseRejectCapLowersAThresholdThatWouldTurnAwayRightAnswersByHand() {
    // a's queries at ±42° (right, cos 42° = 0.743); c's query at 130° is answered b (40° away,
    // cos 0.766: a wrong answer above a's right ones); the others are right at cos 10° = 0.985
    float[][] q = {at(42), at(-42), at(80), at(100), at(130), at(190)};
    List<String> labels = List.of("a", "a", "b", "b", "c", "c");
    double right = Math.cos(Math.toRadians(42));
    double wrong = Math.cos(Math.toRadians(40));
    // impostors: the wrong answer and, left out in turn, 48° (a at 42° meets b), 132° (a at −42°
    // meets b), 80°, 80° (b's), 40° (c at 130° meets b) and 100° (c at 190° meets b)
    Calibration plain =
        Calibrator.calibrate(
            gallery,
            Classifier.Mode.CENTROID,
            1,
            ClassPrior.DEFAULT,
            q,
            labels,
            0.01,
            Double.NaN,
            stats);
    assertThat(plain.genuine()).isEqualTo(5);
    assertThat(plain.impostors()).isEqualTo(7);
    // FAR 0.01 of 7: none may be above, so just above the wrong answers' 0.766: a's two right
    // answers and the wrong one are turned away (3 of the 6 known queries)
    assertThat(plain.global()).isCloseTo(wrong, within(1e-6));
    assertThat(plain.falseRejectRate()).isEqualTo(0.5);
    assertThat(plain.maxFalseReject()).isNull();
    // capped at 10% of the 5 right answers (⌊0.5⌋ = 0 may fall below): the lowest right score
    Calibration capped =
        Calibrator.calibrate(
            gallery, Classifier.Mode.CENTROID, 1, ClassPrior.DEFAULT, q, labels, 0.01, 0.1, stats);
    assertThat(capped.global()).isCloseTo(right, within(1e-6));
    assertThat(capped.falseRejectRate()).isZero();
    assertThat(capped.acceptedRight()).isEqualTo(5.0 / 6);
    assertThat(capped.maxFalseReject()).isEqualTo(0.1);
    // the price, said: the wrong answer's two scores (of 7) are now accepted
    assertThat(capped.estimatedFar(capped.global())).isCloseTo(2.0 / 7, within(1e-9));
    // a cap that allows 2 of 5 right answers below it does not bind here
    Calibration loose =
        Calibrator.calibrate(
            gallery, Classifier.Mode.CENTROID, 1, ClassPrior.DEFAULT, q, labels, 0.01, 0.4, stats);
    assertThat(loose.global()).isEqualTo(plain.global());
    // best F1 has no cap; a cap outside (0, 1] is refused naming the field
    assertThat(
            Calibrator.calibrate(
                    gallery,
                    Classifier.Mode.CENTROID,
                    1,
                    ClassPrior.DEFAULT,
                    q,
                    labels,
                    Double.NaN,
                    0.1,
                    stats)
                .maxFalseReject())
        .isNull();
    assertThatThrownBy(
            () ->
                Calibrator.calibrate(
                    gallery,
                    Classifier.Mode.CENTROID,
                    1,
                    ClassPrior.DEFAULT,
                    q,
                    labels,
                    0.01,
                    0,
                    stats))
        .hasMessageContaining("maxFalseReject must be above 0 and at most 1");
  }

  @Test
  void aGalleryOfOneClassRefusesWithAMessageThatSaysWhy() {
    ExactIndex one = ExactIndex.of(List.of("a"), new float[][] {at(0)});
    GalleryStats oneStats = new GalleryStats(null, 1, 1, 2, "fp", 0, Map.of("a", 1));
    float[][] q = {at(10), at(-10)};
    assertThatThrownBy(
            () ->
                Calibrator.calibrate(
                    one, Classifier.Mode.CENTROID, 1, q, List.of("a", "a"), 0.01, oneStats))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the gallery holds a single class (a)")
        .hasMessageContaining("enrol a second class");
    // with images of a class it lacks, one class calibrates
    Calibration withOther =
        Calibrator.calibrate(
            one,
            Classifier.Mode.CENTROID,
            1,
            new float[][] {at(10), at(-10), at(120)},
            List.of("a", "a", "z"),
            0.5,
            oneStats);
    assertThat(withOther.impostors()).isEqualTo(1);
  }

  @Test
  void aClassGetsItsOwnThresholdOnlyWithTheImpostorsItsRateNeeds() {
    ExactIndex two = ExactIndex.of(List.of("a", "b"), new float[][] {at(0), at(90)});
    GalleryStats twoStats = new GalleryStats(null, 2, 2, 2, "fp", 0, Map.of("a", 1, "b", 1));
    Random r = new Random(3);
    float[][] q = new float[50][];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      boolean a = i < 25;
      q[i] = at((a ? 0 : 90) + 20 * r.nextGaussian());
      labels.add(a ? "a" : "b");
    }
    // 25 right answers and 25 left-out impostors answered with each class
    Calibration far =
        Calibrator.calibrate(two, Classifier.Mode.CENTROID, 1, q, labels, 0.01, twoStats);
    assertThat(far.perClass()).isEmpty(); // 0.01 needs 300 of each class's impostors
    Calibration f1 =
        Calibrator.calibrate(two, Classifier.Mode.CENTROID, 1, q, labels, Double.NaN, twoStats);
    assertThat(f1.perClass()).containsOnlyKeys("a", "b");
  }
}
