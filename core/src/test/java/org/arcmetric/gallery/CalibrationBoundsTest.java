package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.arcmetric.classify.Calibrator;
import org.junit.jupiter.api.Test;

class CalibrationBoundsTest {
  static Calibration withImpostors(double far, int impostors) {
    return new Calibration(
        "far",
        far,
        "centroid",
        5,
        0.6,
        Map.of(),
        new double[impostors],
        impostors,
        50,
        100,
        4,
        null);
  }

  @Test
  void aOnePercentFarFromSevenWrongAnswersIsFlaggedWithWhatItNeeds() {
    assertThat(Calibrator.impostorsNeeded(0.01)).isEqualTo(300);
    assertThat(Calibrator.impostorsNeeded(0.05)).isEqualTo(60);
    assertThat(Calibrator.tooFewImpostors(withImpostors(0.01, 7)))
        .contains("needs about 300 wrong answers")
        .contains("saw 7");
    assertThat(Calibrator.tooFewImpostors(withImpostors(0.01, 300))).isNull();
    assertThat(Calibrator.tooFewImpostors(withImpostors(Double.NaN, 1))).isNull(); // best F1
  }
}
