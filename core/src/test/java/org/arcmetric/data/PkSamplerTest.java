package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkSamplerTest {
  /** 5 classes: sizes 20, 20, 20, 20 and 1 (a class smaller than K). */
  static int[] labels() {
    int[] y = new int[81];
    for (int i = 0; i < 80; i++) {
      y[i] = i % 4;
    }
    y[80] = 4;
    return y;
  }

  @Test
  void everyBatchHasPClassesOfKImages() {
    PkSampler s = new PkSampler(labels(), 4, 4, 1);
    assertThat(s.getBatchSize()).isEqualTo(16);
    assertThat(s.batchesPerEpoch()).isEqualTo(81 / 16);
    int[] y = labels();
    for (int[] batch : s.epoch(0)) {
      Map<Integer, Integer> perClass = new HashMap<>();
      for (int i : batch) {
        perClass.merge(y[i], 1, Integer::sum);
      }
      assertThat(perClass).hasSize(4);
      assertThat(perClass.values()).containsOnly(4);
    }
  }

  @Test
  void epochsCoverTheDataAndRepeatWithTheSeed() {
    PkSampler s = new PkSampler(labels(), 4, 4, 7);
    Set<Integer> seen = new HashSet<>();
    for (int e = 0; e < 8; e++) {
      for (int[] b : s.epoch(e)) {
        for (int i : b) {
          seen.add(i);
        }
      }
    }
    assertThat(seen).hasSize(81); // the one-image class is drawn too, in time
    assertThat(new PkSampler(labels(), 4, 4, 7).epoch(3)).isDeepEqualTo(s.epoch(3));
    assertThat(new PkSampler(labels(), 4, 4, 8).epoch(3)).isNotEqualTo(s.epoch(3));
  }

  @Test
  void aClassSmallerThanKIsSampledWithReplacement() {
    int[] y = {0, 0, 0, 0, 1};
    PkSampler s = new PkSampler(y, 2, 3, 1);
    int[] batch = s.epoch(0)[0];
    assertThat(batch).hasSize(6);
    assertThat(batch).contains(4);
    long ones = Arrays.stream(batch).filter(i -> i == 4).count();
    assertThat(ones).isEqualTo(3);
  }

  @Test
  void implementsDjlSamplerAndExplainsBadSizes() {
    PkSampler s = new PkSampler(labels(), 2, 2, 1);
    List<List<Long>> batches = new ArrayList<>();
    s.sample(null).forEachRemaining(batches::add);
    assertThat(batches).hasSize(s.batchesPerEpoch());
    assertThat(batches.get(0)).hasSize(4);
    assertThatThrownBy(() -> new PkSampler(labels(), 4, 1, 1)).hasMessageContaining("K ≥ 2");
    assertThatThrownBy(() -> new PkSampler(new int[] {0, 0, 0}, 2, 2, 1))
        .hasMessageContaining("at least 2 classes");
  }
}
