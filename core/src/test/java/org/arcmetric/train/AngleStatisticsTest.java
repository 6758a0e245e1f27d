package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AngleStatisticsTest {
  static float[] at(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }

  @Test
  void meanAnglesToOwnAndNearestOtherCentreByHand() {
    float[][] centres = {at(0), at(90), at(200)};
    // class 0 at 10° (own 10°, other 80°), class 1 at 60° (own 30°, other 60°), a held-out one
    AngleStatistics a =
        AngleStatistics.of(
            new float[][] {at(10), at(60), at(45)}, new int[] {0, 1, -1}, centres, 1);
    assertThat(a.meanTargetDegrees()).isCloseTo(20, within(1e-4));
    assertThat(a.meanNearestOtherDegrees()).isCloseTo(70, within(1e-4));
  }

  @Test
  void subCentresTakeTheClosestOfTheClass() {
    // class 0: centres at 0° and 180°; class 1: 90° and 270°
    float[][] centres = {at(0), at(180), at(90), at(270)};
    AngleStatistics a = AngleStatistics.of(new float[][] {at(170)}, new int[] {0}, centres, 2);
    assertThat(a.meanTargetDegrees()).isCloseTo(10, within(1e-4));
    assertThat(a.meanNearestOtherDegrees()).isCloseTo(80, within(1e-4));
  }
}
