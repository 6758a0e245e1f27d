package org.arcmetric.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.loss.MarginHead;

/**
 * Turns a list of channel-first {@code uint8} images into one normalised {@code (N, C, H, W)}
 * batch, and the network's {@code (N, d)} output into plain {@code float[N][d]}: no {@link NDArray}
 * leaves the embed layer. Stateless and thread-safe.
 */
final class PixelTranslator implements NoBatchifyTranslator<List<byte[]>, float[][]> {
  private final InputShape shape;
  private final Normalization normalization;
  private final boolean mirror;

  PixelTranslator(InputShape shape, Normalization normalization) {
    this(shape, normalization, false);
  }

  /**
   * @param mirror whether each image is also embedded mirrored left to right, its output the mean
   *     of the two unit vectors, normalised again
   */
  PixelTranslator(InputShape shape, Normalization normalization, boolean mirror) {
    this.shape = shape;
    this.normalization = normalization;
    this.mirror = mirror;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<byte[]> images) {
    int per = shape.values();
    float[] data = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      byte[] px = images.get(i);
      if (px.length != per) {
        throw new IllegalArgumentException(
            "image " + i + " has " + px.length + " values; the model needs " + shape);
      }
      normalization.apply(px, shape, data, i * per);
    }
    NDArray batch =
        ctx.getNDManager()
            .create(
                data, new Shape(images.size(), shape.channels(), shape.height(), shape.width()));
    return new NDList(mirror ? batch.concat(batch.flip(3), 0) : batch);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = list.singletonOrThrow();
    if (mirror) {
      long half = out.getShape().get(0) / 2;
      out = MarginHead.normalize(out.get("0:" + half).add(out.get(half + ":")));
    }
    int n = (int) out.getShape().get(0);
    int d = (int) out.getShape().get(1);
    float[] flat = out.toFloatArray();
    float[][] rows = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, rows[i], 0, d);
    }
    return rows;
  }
}
