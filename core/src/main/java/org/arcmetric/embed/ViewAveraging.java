package org.arcmetric.embed;

import java.util.ArrayList;
import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.linalg.UnitVectors;

/**
 * Test-time augmentation for enrolment: each image is embedded as several views and the mean of
 * their unit vectors, normalised again, is stored, so a class enrolled from a few shots gets a
 * steadier centroid. Views: {@code 1} the image itself; {@code 5} also shifted by {@code t = max(1,
 * round(size / 14))} pixels left, right, up and down (edges repeat the border pixel); {@code 10}
 * these five and their mirror images (only where a left-right flip keeps the class).
 *
 * <p>Stateless and thread-safe; the {@link Embedder} passed in is not.
 */
public final class ViewAveraging {
  /** The view counts offered. */
  public static final List<Integer> COUNTS = List.of(1, 5, 10);

  private ViewAveraging() {}

  /** Refuses a view count not in {@link #COUNTS}, naming the field {@code views}. */
  public static int check(int views) {
    if (!COUNTS.contains(views)) {
      throw new IllegalArgumentException("views must be 1, 5 or 10, got " + views);
    }
    return views;
  }

  /** The {@code views} views of one channel-first image, the image itself first. */
  public static List<byte[]> views(byte[] px, InputShape shape, int views) {
    check(views);
    List<byte[]> out = new ArrayList<>(views);
    out.add(px);
    if (views >= 5) {
      out.addAll(shifted(px, shape, true));
    }
    if (views == 10) {
      for (int i = 0; i < 5; i++) {
        out.add(flip(out.get(i), shape));
      }
    }
    return out;
  }

  /**
   * The image moved {@link #shiftPixels} right, left, down and up, the border pixel repeated into
   * the gap or, with {@code repeatBorder} false, black there.
   */
  static List<byte[]> shifted(byte[] px, InputShape shape, boolean repeatBorder) {
    int t = shiftPixels(shape);
    return List.of(
        shift(px, shape, t, 0, repeatBorder),
        shift(px, shape, -t, 0, repeatBorder),
        shift(px, shape, 0, t, repeatBorder),
        shift(px, shape, 0, -t, repeatBorder));
  }

  /** How far a shifted view moves the image: {@code t = max(1, round(min(H, W) / 14))} pixels. */
  static int shiftPixels(InputShape shape) {
    return Math.max(1, Math.round(Math.min(shape.height(), shape.width()) / 14f));
  }

  /** The view-averaged unit vectors of every image, in order. */
  public static float[][] embed(Embedder embedder, ImageSet images, int views) {
    if (check(views) == 1) {
      return embedder.embed(images);
    }
    List<byte[]> all = new ArrayList<>(images.size() * views);
    for (int i = 0; i < images.size(); i++) {
      all.addAll(views(images.pixels(i), images.shape(), views));
    }
    float[][] v = embedder.embed(all);
    float[][] out = new float[images.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] mean = new float[v[0].length];
      for (int j = 0; j < views; j++) {
        float[] x = v[i * views + j];
        for (int d = 0; d < mean.length; d++) {
          mean[d] += x[d];
        }
      }
      out[i] = UnitVectors.normalize(mean);
    }
    return out;
  }

  /** The image moved by (dx, dy) pixels, the border pixel repeated into the gap. */
  static byte[] shift(byte[] px, InputShape s, int dx, int dy) {
    return shift(px, s, dx, dy, true);
  }

  /**
   * The image moved by (dx, dy) pixels, the border pixel repeated into the gap or, with {@code
   * repeatBorder} false, black (0) there, as training's pad-and-crop pads.
   */
  static byte[] shift(byte[] px, InputShape s, int dx, int dy, boolean repeatBorder) {
    int h = s.height();
    int w = s.width();
    byte[] out = new byte[px.length];
    for (int c = 0; c < s.channels(); c++) {
      int base = c * h * w;
      for (int y = 0; y < h; y++) {
        int sy = y - dy;
        boolean rowInside = sy >= 0 && sy < h;
        sy = Math.min(h - 1, Math.max(0, sy));
        for (int x = 0; x < w; x++) {
          int sx = x - dx;
          if (!repeatBorder && (!rowInside || sx < 0 || sx >= w)) {
            continue; // black: the array starts as zeros
          }
          sx = Math.min(w - 1, Math.max(0, sx));
          out[base + y * w + x] = px[base + sy * w + sx];
        }
      }
    }
    return out;
  }

  /** The left-right mirror image. */
  static byte[] flip(byte[] px, InputShape s) {
    int h = s.height();
    int w = s.width();
    byte[] out = new byte[px.length];
    for (int c = 0; c < s.channels(); c++) {
      int base = c * h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[base + y * w + x] = px[base + y * w + (w - 1 - x)];
        }
      }
    }
    return out;
  }
}
