package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;

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

class SplitAndBatchTest {
  static ImageSet synthetic(int perClass, String... classes) {
    InputShape s = InputShape.square(1, 8);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> px = new ArrayList<>();
    for (int c = 0; c < classes.length; c++) {
      for (int i = 0; i < perClass; i++) {
        labels.add(classes[c]);
        sources.add(classes[c] + "#" + i);
        byte[] p = new byte[s.values()];
        Arrays.fill(p, (byte) (c * 40 + i % 7));
        px.add(p);
      }
    }
    return new ImageSet(s, labels, sources, px);
  }

  @Test
  void stratifiedSplitKeepsProportionsIsDisjointAndRepeatable() {
    ImageSet all = synthetic(50, "a", "b", "c");
    StratifiedSplit.Parts p = StratifiedSplit.split(all, 0.2, 7);
    assertThat(p.second().counts())
        .containsEntry("a", 10)
        .containsEntry("b", 10)
        .containsEntry("c", 10);
    assertThat(p.first().size()).isEqualTo(120);
    Set<String> a = new HashSet<>();
    for (int i = 0; i < p.first().size(); i++) {
      a.add(p.first().source(i));
    }
    for (int i = 0; i < p.second().size(); i++) {
      assertThat(a).doesNotContain(p.second().source(i));
    }
    StratifiedSplit.Parts again = StratifiedSplit.split(all, 0.2, 7);
    assertThat(again.second().labels()).isEqualTo(p.second().labels());
    assertThat(sources(again.second())).isEqualTo(sources(p.second()));
    assertThat(sources(StratifiedSplit.split(all, 0.2, 8).second()))
        .isNotEqualTo(sources(p.second()));
  }

  @Test
  void splitNeverTakesAWholeClass() {
    ImageSet tiny = synthetic(1, "a", "b");
    assertThat(StratifiedSplit.split(tiny, 0.5, 1).first().size()).isEqualTo(2);
  }

  private static List<String> sources(ImageSet s) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      l.add(s.source(i));
    }
    return l;
  }

  @Test
  void noneAugmentationIsPlainNormalisation() {
    Normalization n = new Normalization(new float[] {0.5f}, new float[] {0.25f});
    byte[] px = new byte[64];
    px[3] = (byte) 255;
    float[] out = new float[64];
    Augmentation.NONE.apply(px, InputShape.square(1, 8), n, out, 0, new Random(1));
    assertThat(out[0]).isEqualTo(-2f);
    assertThat(out[3]).isEqualTo(2f);
  }

  @Test
  void augmentationKeepsShapeAndIsSeeded() {
    Normalization n = new Normalization(new float[] {0f}, new float[] {1f});
    byte[] px = new byte[64];
    for (int i = 0; i < 64; i++) {
      px[i] = (byte) (i * 4);
    }
    float[] a = new float[64];
    float[] b = new float[64];
    Augmentation.STANDARD.apply(px, InputShape.square(1, 8), n, a, 0, new Random(3));
    Augmentation.STANDARD.apply(px, InputShape.square(1, 8), n, b, 0, new Random(3));
    assertThat(a).isEqualTo(b);
    for (float v : a) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void batchesHaveTheRightShapeCoverTheEpochAndRepeat() throws Exception {
    ImageSet all = synthetic(10, "a", "b", "c");
    Map<String, Integer> idx = Map.of("a", 0, "b", 1, "c", 2);
    Normalization n = Normalization.measure(all);
    try (NDManager m = NDManager.newBaseManager();
        BatchDataset ds = new BatchDataset(all, idx, 8, Augmentation.NONE, n, 5, 2, 0);
        BatchDataset twin = new BatchDataset(all, idx, 8, Augmentation.NONE, n, 5, 1, 0)) {
      assertThat(ds.batchesPerEpoch()).isEqualTo(3);
      List<Long> labels = new ArrayList<>();
      List<Long> twinLabels = new ArrayList<>();
      for (Batch b : ds.getData(m)) {
        assertThat(b.getData().head().getShape().getShape()).containsExactly(8, 1, 8, 8);
        for (long l : b.getLabels().head().toLongArray()) {
          labels.add(l);
        }
        b.close();
      }
      for (Batch b : twin.getData(m)) {
        for (long l : b.getLabels().head().toLongArray()) {
          twinLabels.add(l);
        }
        b.close();
      }
      assertThat(labels).hasSize(24).isEqualTo(twinLabels);
      // a second epoch is shuffled differently
      List<Long> second = new ArrayList<>();
      for (Batch b : ds.getData(m)) {
        for (long l : b.getLabels().head().toLongArray()) {
          second.add(l);
        }
        b.close();
      }
      assertThat(second).isNotEqualTo(labels);
    }
  }
}
