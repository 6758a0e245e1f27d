package org.arcmetric.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.arcmetric.experiment.Accuracies;
import org.junit.jupiter.api.Test;

/** compare-losses' summary of a loss over its runs, by hand. */
class LossSummaryTest {
  @Test
  void aLossSummaryIsTheMeanAndSampleDeviationOverItsRuns() {
    CompareLossesCommand.LossSummary s =
        CompareLossesCommand.LossSummary.of(
            "x",
            List.of(
                new Accuracies(0, 0.5, 0, 0.1, 0, 0.2, 0.3),
                new Accuracies(0, 0.7, 0, 0.1, 0, 0.4, 0.3)),
            List.of(10.0, 20.0));
    assertThat(s.accuracyNewClasses()).isEqualTo("0.6000 ± 0.1414");
    assertThat(s.closedSetAccuracy()).isEqualTo("0.1000 ± 0.0000");
    assertThat(s.centroidAccuracyNewClasses()).isEqualTo("0.3000 ± 0.1414");
    assertThat(s.trainSeconds()).isEqualTo(15.0);
  }
}
