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
  private final boolean shifts;

  PixelTranslator(InputShape shape, Normalization normalization) {
    this(shape, normalization, false, false);
  }

  /**
   * @param mirror whether each image is also embedded mirrored left to right
   * @param shifts whether each image is also embedded moved left, right, up and down ({@link
   *     ViewAveraging#shiftPixels}, black at the edge); every image's output is the sum of its
   *     views' unit vectors, normalised again
   */
  PixelTranslator(InputShape shape, Normalization normalization, boolean mirror, boolean shifts) {
    this.shape = shape;
    this.normalization = normalization;
    this.mirror = mirror;
    this.shifts = shifts;
  }

  /** Views of each image: 1, 2 (mirror), 5 (shifts) or 10. */
  private int views() {
    return (mirror ? 2 : 1) * (shifts ? 5 : 1);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<byte[]> images) {
    int per = shape.values();
    int n = images.size();
    int copies = shifts ? 5 : 1;
    // view-major: all images unmoved, then all moved right, ..., so outputs regroup by reshape
    float[] data = new float[copies * n * per];
    for (int i = 0; i < n; i++) {
      byte[] px = images.get(i);
      if (px.length != per) {
        throw new IllegalArgumentException(
            "image " + i + " has " + px.length + " values; the model needs " + shape);
      }
      normalization.apply(px, shape, data, i * per);
      if (shifts) {
        List<byte[]> moved = ViewAveraging.shifted(px, shape, false);
        for (int v = 1; v < copies; v++) {
          normalization.apply(moved.get(v - 1), shape, data, (v * n + i) * per);
        }
      }
    }
    NDArray batch =
        ctx.getNDManager()
            .create(data, new Shape(copies * n, shape.channels(), shape.height(), shape.width()));
    return new NDList(mirror ? batch.concat(batch.flip(3), 0) : batch);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = list.singletonOrThrow();
    if (views() > 1) {
      // view-major rows: (views, n, d), summed over the views
      long n = out.getShape().get(0) / views();
      out = MarginHead.normalize(out.reshape(views(), n, out.getShape().get(1)).sum(new int[] {0}));
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
