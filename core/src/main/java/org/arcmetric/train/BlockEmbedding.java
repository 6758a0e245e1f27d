package org.arcmetric.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.arcmetric.compute.NoGrad;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.embed.Embedder;
import org.arcmetric.model.EmbeddingNetwork;

/**
 * Embeds images with a block that is being trained (no model folder yet), in inference mode,
 * without recording gradients, returning plain arrays; used for per-epoch validation and
 * benchmarks. Not thread-safe.
 */
public final class BlockEmbedding {

  private BlockEmbedding() {}

  /**
   * Embeddings of images given by their frozen backbone's pooled features ({@code (N, F)} inputs,
   * which {@link EmbeddingNetwork} passes to its head alone).
   */
  public static float[][] embedFeatures(Block block, NDManager parent, float[][] features) {
    float[][] out = new float[features.length][];
    int batch = 256;
    for (int start = 0; start < features.length; start += batch) {
      int n = Math.min(batch, features.length - start);
      int f = features[start].length;
      float[] data = new float[n * f];
      for (int i = 0; i < n; i++) {
        System.arraycopy(features[start + i], 0, data, i * f, f);
      }
      try (NDManager m = parent.newSubManager();
          NoGrad g = NoGrad.enter()) {
        NDList in = new NDList(m.create(data, new Shape(n, f)));
        float[] flat =
            block
                .forward(new ParameterStore(m, false), in, false)
                .singletonOrThrow()
                .toFloatArray();
        int d = flat.length / n;
        for (int i = 0; i < n; i++) {
          out[start + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
      }
    }
    return out;
  }

  /**
   * Embeddings of all images, in batches of {@link Embedder#batchFor}, each batch in its own
   * sub-manager.
   */
  public static float[][] embed(
      Block block, NDManager parent, ImageSet images, Normalization norm) {
    InputShape s = images.shape();
    int per = s.values();
    int batch = Embedder.batchFor(s);
    float[][] out = new float[images.size()][];
    for (int start = 0; start < images.size(); start += batch) {
      int n = Math.min(batch, images.size() - start);
      float[] data = new float[n * per];
      for (int i = 0; i < n; i++) {
        norm.apply(images.pixels(start + i), s, data, i * per);
      }
      try (NDManager m = parent.newSubManager();
          NoGrad g = NoGrad.enter()) {
        NDList in = new NDList(m.create(data, new Shape(n, s.channels(), s.height(), s.width())));
        NDList emb = block.forward(new ParameterStore(m, false), in, false);
        float[] flat = emb.singletonOrThrow().toFloatArray();
        int d = flat.length / n;
        for (int i = 0; i < n; i++) {
          out[start + i] = new float[d];
          System.arraycopy(flat, i * d, out[start + i], 0, d);
        }
      }
    }
    return out;
  }
}
