package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RotationLabelsTest {
  // 1 2 3
  // 4 5 6
  // 7 8 9
  private static float[] image() {
    return new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}; // one leading value: offset 1
  }

  @Test
  void rotatesClockwiseByQuarterTurns() {
    float[] tmp = new float[9];
    float[] a = image();
    BatchDataset.rotate(a, 1, 1, 3, 1, tmp);
    assertThat(a).containsExactly(0, 7, 4, 1, 8, 5, 2, 9, 6, 3);
    float[] b = image();
    BatchDataset.rotate(b, 1, 1, 3, 2, tmp);
    assertThat(b).containsExactly(0, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    float[] c = image();
    BatchDataset.rotate(c, 1, 1, 3, 3, tmp);
    assertThat(c).containsExactly(0, 3, 6, 9, 2, 5, 8, 1, 4, 7);
    float[] d = image();
    BatchDataset.rotate(d, 1, 1, 3, 0, tmp);
    assertThat(d).containsExactly(image());
  }

  @Test
  void fourQuarterTurnsAreTheIdentityOnEveryChannel() {
    float[] x = new float[2 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] y = x.clone();
    float[] tmp = new float[16];
    for (int r = 0; r < 4; r++) {
      BatchDataset.rotate(y, 0, 2, 4, 1, tmp);
    }
    assertThat(y).containsExactly(x);
  }
}
