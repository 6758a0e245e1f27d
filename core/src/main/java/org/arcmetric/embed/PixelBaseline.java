package org.arcmetric.embed;

import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;

/**
 * The no-training baseline every model number is shown beside: each image at the model's input size
 * and channels, read as one vector of {@code C·H·W} values {@code x = pixel / 255}, minus its own
 * mean {@code x̄}, divided by its L2 norm: {@code v = (x − x̄) / ‖x − x̄‖}. Cosine similarity of
 * two such vectors is the Pearson correlation of their pixels. A uniform image (every value equal)
 * has no direction and gives the zero vector, which has cosine 0 with everything.
 *
 * <p>A trained model is worth shipping only where it beats this on the same gallery and queries.
 * Stateless and thread-safe.
 */
public final class PixelBaseline {
  private PixelBaseline() {}

  /** The baseline vector of one image's channel-first {@code uint8} pixels. */
  public static float[] vector(byte[] pixels) {
    double sum = 0;
    for (byte b : pixels) {
      sum += (b & 0xff) / 255.0;
    }
    double mean = sum / pixels.length;
    double[] centred = new double[pixels.length];
    double sq = 0;
    for (int i = 0; i < pixels.length; i++) {
      centred[i] = (pixels[i] & 0xff) / 255.0 - mean;
      sq += centred[i] * centred[i];
    }
    float[] v = new float[pixels.length];
    if (sq <= 0) {
      return v;
    }
    double inv = 1 / Math.sqrt(sq);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (centred[i] * inv);
    }
    return v;
  }

  /** Baseline vectors of {@code images} resized to {@code shape} (the model's input), in order. */
  public static float[][] embed(ImageSet images, InputShape shape) {
    ImageSet at = images.resizedTo(shape);
    float[][] out = new float[at.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(at.pixels(i));
    }
    return out;
  }
}
