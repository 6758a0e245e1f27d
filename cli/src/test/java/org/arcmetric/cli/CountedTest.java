package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {
  @Test
  void oneIsSingularEverythingElsePlural() {
    assertThat(Counted.classes(1)).isEqualTo("1 class");
    assertThat(Counted.classes(0)).isEqualTo("0 classes");
    assertThat(Counted.images(2)).isEqualTo("2 images");
    assertThat(Counted.entries(1)).isEqualTo("1 entry");
  }
}
