package org.arcmetric.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitVectorsTest {
  @Test
  void scalesInPlaceToLengthOneAndLeavesZeroAlone() {
    float[] v = {3, -4};
    assertThat(UnitVectors.normalize(v)).isSameAs(v).containsExactly(0.6f, -0.8f);
    assertThat(UnitVectors.normalize(new float[] {0, 0, 0})).containsExactly(0f, 0f, 0f);
  }
}
