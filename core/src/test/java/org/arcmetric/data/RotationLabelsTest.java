package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

  /** 8 × 8 grey images whose pixel k of class c is 3k + c: no turn leaves one unchanged. */
  private static ImageSet asymmetric(int perClass, int classes) {
    InputShape s = InputShape.square(1, 8);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> px = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        byte[] p = new byte[s.values()];
        for (int k = 0; k < p.length; k++) {
          p[k] = (byte) (3 * k + c);
        }
        labels.add("c" + c);
        sources.add("c" + c + "#" + i);
        px.add(p);
      }
    }
    return new ImageSet(s, labels, sources, px);
  }

  @Test
  void aRotationTaskLabelsEachImageWithItsClassAndTheTurnItWasGiven() throws Exception {
    ImageSet images = asymmetric(16, 3);
    Map<String, Integer> idx = Map.of("c0", 0, "c1", 1, "c2", 2);
    Normalization n = new Normalization(new float[] {0f}, new float[] {1f});
    Set<Long> turnsSeen = new HashSet<>();
    try (NDManager m = NDManager.newBaseManager();
        BatchDataset ds =
            new BatchDataset(images, idx, 8, Augmentation.NONE, n, 5, 1, 0).rotationTurns(true)) {
      for (Batch b : ds.getData(m)) {
        assertThat(b.getLabels()).hasSize(2);
        long[] classes = b.getLabels().get(0).toLongArray();
        long[] turns = b.getLabels().get(1).toLongArray();
        float[] x = b.getData().head().toFloatArray();
        for (int j = 0; j < classes.length; j++) {
          assertThat(classes[j]).isBetween(0L, 2L);
          assertThat(turns[j]).isBetween(0L, 3L);
          turnsSeen.add(turns[j]);
          // the image is its class's pattern turned by exactly its turn label
          float[] want = new float[64];
          byte[] px = new byte[64];
          for (int k = 0; k < 64; k++) {
            px[k] = (byte) (3 * k + classes[j]);
          }
          Augmentation.NONE.apply(px, InputShape.square(1, 8), n, want, 0, new Random(0));
          BatchDataset.rotate(want, 0, 1, 8, (int) turns[j], new float[64]);
          float[] got = Arrays.copyOfRange(x, 64 * j, 64 * (j + 1));
          assertThat(got).as("image %d", j).containsExactly(want);
        }
        b.close();
      }
    }
    assertThat(turnsSeen).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
  }

  @Test
  void aRotationTaskNeedsSquareImagesAndExcludesRotationLabels() throws Exception {
    Normalization n = new Normalization(new float[] {0f}, new float[] {1f});
    ImageSet wide =
        new ImageSet(
            new InputShape(1, 8, 16),
            List.of("a", "b"),
            List.of("a#0", "b#0"),
            List.of(new byte[128], new byte[128]));
    try (BatchDataset ds =
        new BatchDataset(wide, Map.of("a", 0, "b", 1), 2, Augmentation.NONE, n, 1, 1, 0)) {
      assertThatThrownBy(() -> ds.rotationTurns(true)).hasMessageContaining("square");
    }
    try (BatchDataset ds =
        new BatchDataset(
            asymmetric(2, 2), Map.of("c0", 0, "c1", 1), 2, Augmentation.NONE, n, 1, 1, 0)) {
      ds.rotationLabels(true);
      assertThatThrownBy(() -> ds.rotationTurns(true)).hasMessageContaining("exclude each other");
    }
  }
}
