package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DivergenceGuardTest {
  @Test
  void theFiniteCheckFindsNanAndInfinityAndLeavesNoArrayBehind() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ok = m.create(new float[] {1f, -2f, 3e30f});
      NDArray nan = m.create(new float[] {1f, Float.NaN});
      NDArray inf = m.create(new float[] {Float.NEGATIVE_INFINITY, 0f});
      int before = m.getManagedArrays().size();
      assertThat(DivergenceGuard.finite(ok)).isTrue();
      assertThat(DivergenceGuard.finite(nan)).isFalse();
      assertThat(DivergenceGuard.finite(inf)).isFalse();
      // run once an epoch on every parameter: nothing may stay on the parameters' manager
      assertThat(m.getManagedArrays()).hasSize(before);
    }
  }
}
