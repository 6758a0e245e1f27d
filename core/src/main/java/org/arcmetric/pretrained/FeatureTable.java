package org.arcmetric.pretrained;

import java.nio.FloatBuffer;

/**
 * Pooled features of {@code count} images in {@code views} views each, {@code dim} floats per
 * feature vector, laid out {@code [view][image][dim]} (view 0 is the image itself, the others
 * augmented copies). Backed by one buffer per view (a memory-mapped cache file, or the heap);
 * immutable and thread-safe.
 */
public final class FeatureTable {
  private final FloatBuffer[] data;
  private final int count;
  private final int dim;
  private final int views;

  /** {@code data[v]} holds view v's {@code count × dim} floats. */
  public FeatureTable(FloatBuffer[] data, int count, int dim) {
    int views = data.length;
    if (count < 0 || dim < 1 || views < 1) {
      throw new IllegalArgumentException(
          "a feature table needs count ≥ 0, dim ≥ 1 and views ≥ 1, got "
              + count
              + ", "
              + dim
              + ", "
              + views);
    }
    this.data = new FloatBuffer[views];
    for (int v = 0; v < views; v++) {
      if ((long) count * dim != data[v].capacity()) {
        throw new IllegalArgumentException(
            "view "
                + v
                + " of a feature table of "
                + count
                + " × "
                + dim
                + " needs that many floats, its buffer has "
                + data[v].capacity());
      }
      this.data[v] = data[v].duplicate();
    }
    this.count = count;
    this.dim = dim;
    this.views = views;
  }

  public int count() {
    return count;
  }

  public int dim() {
    return dim;
  }

  public int views() {
    return views;
  }

  /** Copies the features of {@code image} in {@code view} into {@code dst[offset …]}. */
  public void copy(int view, int image, float[] dst, int offset) {
    if (view < 0 || view >= views || image < 0 || image >= count) {
      throw new IndexOutOfBoundsException("view " + view + ", image " + image);
    }
    FloatBuffer b = data[view].duplicate();
    b.position(image * dim);
    b.get(dst, offset, dim);
  }

  /** The features of {@code image} in {@code view}, a new array. */
  public float[] get(int view, int image) {
    float[] f = new float[dim];
    copy(view, image, f, 0);
    return f;
  }
}
