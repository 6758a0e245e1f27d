package org.arcmetric.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;

class SparkEmbedMainTest {
  @Test
  void badUsageExitsWith2BeforeAnySparkSessionStarts() {
    assertThat(SparkEmbedMain.execute("--model", "m", "--data", "d")).isEqualTo(2); // no --out
    assertThat(
            SparkEmbedMain.execute(
                "--model", "m", "--data", "d", "--out", "o", "--partitions", "-1"))
        .isEqualTo(2);
  }

  @Test
  void theOptionsNameTheMissingField() {
    assertThatThrownBy(() -> EmbedJobOptions.builder().setModel("m").setOut("o").build())
        .isInstanceOf(InvalidOptionException.class)
        .satisfies(e -> assertThat(((InvalidOptionException) e).template()).startsWith("{data}"));
  }
}
