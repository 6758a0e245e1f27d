package org.arcmetric.embed;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.compute.NoGrad;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.features.FeatureSpec;

/**
 * Embeds images with a loaded model: {@code uint8} pixels in the model's input shape go in, unit
 * vectors of length d come out as {@code float[]}.
 *
 * <p>Not thread-safe (it wraps one DJL {@link Predictor}); create one per thread from {@link
 * EmbeddingModel#newEmbedder()}. Close it when done.
 */
public final class Embedder implements AutoCloseable {
  /** Images per forward pass at most. */
  public static final int DEFAULT_BATCH = 128;

  /** Pixels (height × width) per forward pass at most: {@value}. */
  static final int MAX_BATCH_PIXELS = 1 << 19;

  /**
   * Images per forward pass for inputs of {@code shape}: {@link #DEFAULT_BATCH} up to 64 × 64 px,
   * fewer above (2¹⁹ pixels a batch, at least 4 images), so that one full-resolution activation of
   * a batch stays near 64 MiB; a process keeps its peak native memory (compute.NativeMemory), and
   * larger batches are not faster on a CPU.
   */
  public static int batchFor(InputShape shape) {
    long pixels = (long) shape.height() * shape.width();
    return (int) Math.max(4, Math.min(DEFAULT_BATCH, MAX_BATCH_PIXELS / Math.max(1, pixels)));
  }

  private final Predictor<List<byte[]>, float[][]> predictor;
  private final int batchSize;
  private final FeatureSpec features;

  Embedder(Predictor<List<byte[]>, float[][]> predictor, int batchSize, FeatureSpec features) {
    this.predictor = predictor;
    this.batchSize = batchSize;
    this.features = features;
  }

  /** Embeddings of all images, in order: {@code float[images.size()][d]}. */
  public float[][] embed(ImageSet images) {
    List<byte[]> all = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      all.add(images.pixels(i));
    }
    return embed(all);
  }

  /** Embeddings of the given images, in order, computed in batches. */
  public float[][] embed(List<byte[]> pixels) {
    float[][] out = new float[pixels.size()][];
    for (int start = 0; start < pixels.size(); start += batchSize) {
      int end = Math.min(pixels.size(), start + batchSize);
      float[][] batch = predict(pixels.subList(start, end));
      for (int i = 0; i < batch.length; i++) {
        out[start + i] = features.apply(batch[i]);
      }
    }
    return out;
  }

  /** The network's unit vector for one image, before any CL2N centring. */
  float[] embedRaw(byte[] pixels) {
    return predict(List.of(pixels))[0];
  }

  /** One forward pass, without recording gradients on this thread. */
  private float[][] predict(List<byte[]> batch) {
    try (NoGrad g = NoGrad.enter()) {
      return predictor.predict(batch);
    } catch (TranslateException e) {
      throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
    }
  }

  /** The embedding of one image. */
  public float[] embed(byte[] pixels) {
    return embed(List.of(pixels))[0];
  }

  @Override
  public void close() {
    predictor.close();
  }
}
