package org.arcmetric.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void numbersAsAPersonWritesThem() {
    assertThat(Numbers.plain(5e-4f)).isEqualTo("0.0005");
    assertThat(Numbers.plain(0.3f)).isEqualTo("0.3");
    assertThat(Numbers.plain(30f)).isEqualTo("30");
    assertThat(Numbers.plain(1e-3)).isEqualTo("0.001");
    assertThat(Numbers.plain(Double.NaN)).isEqualTo("NaN");
  }
}
