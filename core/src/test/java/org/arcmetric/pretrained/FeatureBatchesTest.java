package org.arcmetric.pretrained;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.BatchDataset;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.NormalizationPreset;
import org.junit.jupiter.api.Test;

/**
 * Cached features come in exactly the batches the images would (same seed, same epoch: same images
 * in the same order, plain shuffle and P × K), each image in one of its views.
 */
class FeatureBatchesTest {
  /** {@code n} 8 × 8 grey images in {@code classes} classes; image i's pixels are all i. */
  static ImageSet images(int n, int classes) {
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add("c" + (char) ('a' + i % classes));
      sources.add("mem#" + i);
      byte[] p = new byte[64];
      Arrays.fill(p, (byte) i);
      pixels.add(p);
    }
    return new ImageSet(InputShape.square(1, 8), labels, sources, pixels);
  }

  /** One feature per image and view: {@code 1000·view + image}. */
  static FeatureTable table(int n, int views) {
    FloatBuffer[] b = new FloatBuffer[views];
    for (int v = 0; v < views; v++) {
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = 1000 * v + i;
      }
      b[v] = FloatBuffer.wrap(f);
    }
    return new FeatureTable(b, n, 1);
  }

  /** The images of each batch of the next epoch, by their pixel (unit normalisation: i/255). */
  static List<List<Integer>> imageEpoch(BatchDataset d, NDManager m) throws Exception {
    List<List<Integer>> out = new ArrayList<>();
    for (Batch b : d.getData(m)) {
      List<Integer> ids = new ArrayList<>();
      float[] x = b.getData().head().toFloatArray();
      for (int j = 0; j < x.length; j += 64) {
        ids.add(Math.round(x[j] * 255));
      }
      out.add(ids);
      b.close();
    }
    return out;
  }

  static List<List<Integer>> featureEpoch(FeatureBatches d, NDManager m, List<Integer> views)
      throws Exception {
    List<List<Integer>> out = new ArrayList<>();
    for (Batch b : d.getData(m)) {
      List<Integer> ids = new ArrayList<>();
      for (float x : b.getData().head().toFloatArray()) {
        ids.add(Math.round(x) % 1000);
        views.add(Math.round(x) / 1000);
      }
      assertThat(b.getData().head().getShape().dimension()).isEqualTo(2);
      out.add(ids);
      b.close();
    }
    return out;
  }

  void sameBatches(int n, int classes, int imagesPerClass) throws Exception {
    ImageSet im = images(n, classes);
    Map<String, Integer> index = new HashMap<>();
    for (String c : im.classes()) {
      index.put(c, index.size());
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch");
        BatchDataset images =
            new BatchDataset(
                im,
                index,
                8,
                Augmentation.NONE,
                NormalizationPreset.UNIT.forChannels(1),
                3,
                1,
                1,
                imagesPerClass)) {
      FeatureBatches features =
          new FeatureBatches(table(n, 3), images.labelIndex(), 8, images.sampler(), 3, 1);
      List<Integer> views = new ArrayList<>();
      for (int e = 0; e < 2; e++) {
        List<List<Integer>> a = imageEpoch(images, m);
        List<List<Integer>> b = featureEpoch(features, m, views);
        assertThat(b).isEqualTo(a);
        assertThat(a).hasSize(images.batchesPerEpoch());
      }
      // every view is drawn
      assertThat(views).contains(0, 1, 2).allMatch(v -> v >= 0 && v < 3);
    }
  }

  @Test
  void sameBatchesAsTheImagesWithAPlainShuffle() throws Exception {
    sameBatches(44, 4, 0);
  }

  @Test
  void sameBatchesAsTheImagesWithPkSampling() throws Exception {
    sameBatches(48, 6, 2);
  }
}
