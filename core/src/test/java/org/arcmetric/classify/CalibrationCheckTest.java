package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.GalleryStats;
import org.junit.jupiter.api.Test;

class CalibrationCheckTest {
  static float[] at(double radians) {
    return new float[] {(float) Math.cos(radians), (float) Math.sin(radians)};
  }

  @Test
  void countsAgainstAHandWorkedExample() {
    // class a at angle 0, class b at angle π/2; centroid scores are cosines of the angle between
    ExactIndex gallery = ExactIndex.of(List.of("a", "b"), new float[][] {at(0), at(Math.PI / 2)});
    // a uses the global threshold 0.8, b its own 0.5
    Calibration cal =
        new Calibration(
            "target_far",
            0.05,
            "centroid",
            5,
            0.8,
            Map.of("b", 0.5),
            new double[] {0.1, 0.2},
            2,
            2,
            2,
            2,
            null);
    float[][] q = {
      at(0.1), // a: answer a at cos 0.1 = 0.995 >= 0.8: genuine, accepted
      at(0.7), // a: answer a at cos 0.7 = 0.765 < 0.8: genuine, rejected
      at(0.2), // b: answer a at 0.980 >= 0.8: impostor, falsely accepted
      at(Math.PI / 2 - 0.3), // c (not in the gallery): answer b at 0.955 >= 0.5: false accept
      at(Math.PI + Math.PI / 2 - 0.1) // c: answer b at cos(π - 0.1) < 0.5: rejected
    };
    CalibrationCheck c =
        CalibrationCheck.run(gallery, cal, q, List.of("a", "a", "b", "c", "c"), Set.of("a", "b"));
    assertThat(c).isEqualTo(new CalibrationCheck(5, 2, 3, 1, 2, 2, 1));
    assertThat(c.observedFar()).isEqualTo(2.0 / 3);
    assertThat(c.genuineAcceptRate()).isEqualTo(0.5);
    assertThat(c.knownAccuracy()).isEqualTo(1.0 / 3);
    assertThat(c.unknownRejection()).isEqualTo(0.5);
  }

  @Test
  void aCalibrationKeepsItsPromiseOnFreshQueriesFromTheSameDistribution() {
    // two classes on the circle, queries scattered around them plus unknown ones everywhere:
    // calibrate on one half, check on the other; the observed FAR is near the target
    Random r = new Random(11);
    ExactIndex gallery = ExactIndex.of(List.of("a", "b"), new float[][] {at(0), at(Math.PI / 2)});
    float[][][] halves = new float[2][4000][];
    List<List<String>> labels = List.of(new ArrayList<>(), new ArrayList<>());
    for (int h = 0; h < 2; h++) {
      for (int i = 0; i < 4000; i++) {
        int kind = i % 4; // a, b, c, c
        double angle =
            kind == 0
                ? 0.4 * r.nextGaussian()
                : kind == 1 ? Math.PI / 2 + 0.4 * r.nextGaussian() : 2 * Math.PI * r.nextDouble();
        halves[h][i] = at(angle);
        labels.get(h).add(kind == 0 ? "a" : kind == 1 ? "b" : "c");
      }
    }
    Calibration cal =
        Calibrator.calibrate(
            gallery,
            Classifier.Mode.CENTROID,
            5,
            halves[0],
            labels.get(0),
            0.05,
            new GalleryStats(null, 2, 2, 2, "fp", 0, Map.of("a", 1, "b", 1)));
    CalibrationCheck fresh =
        CalibrationCheck.run(gallery, cal, halves[1], labels.get(1), Set.of("a", "b"));
    CalibrationCheck same =
        CalibrationCheck.run(gallery, cal, halves[0], labels.get(0), Set.of("a", "b"));
    assertThat(same.observedFar()).isLessThanOrEqualTo(0.05);
    assertThat(fresh.observedFar()).isBetween(0.03, 0.07);
    assertThat(fresh.unknownRejection()).isGreaterThan(0.5);
  }
}
