package org.arcmetric.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Labelled images as channel-first {@code uint8} pixels of one {@link InputShape}. Each sample has
 * a class label and a source (file path, or {@code idx-file#index}).
 *
 * <p>Memory: one byte per value, on the heap (e.g. 60,000 Fashion-MNIST images take 47 MB) or in a
 * decoded cache file ({@link DecodedCache}) read image by image through the page cache: a training
 * set larger than memory stays readable; such a set keeps its cache file open (one descriptor)
 * until the process ends, since the set has no owner to close it. Immutable and thread-safe once
 * built (the pixel arrays must not be modified by callers).
 */
public final class ImageSet {
  private final InputShape shape;
  private final List<String> labels;
  private final List<String> sources;
  private final PixelStore pixels;

  public ImageSet(
      InputShape shape, List<String> labels, List<String> sources, List<byte[]> pixels) {
    this(shape, labels, sources, checked(shape, pixels));
  }

  ImageSet(InputShape shape, List<String> labels, List<String> sources, PixelStore pixels) {
    this.shape = Objects.requireNonNull(shape);
    if (labels.size() != sources.size() || labels.size() != pixels.size()) {
      throw new IllegalArgumentException("labels, sources and pixels differ in length");
    }
    this.labels = List.copyOf(labels);
    this.sources = List.copyOf(sources);
    this.pixels = pixels;
  }

  private static PixelStore checked(InputShape shape, List<byte[]> pixels) {
    for (byte[] p : pixels) {
      if (p.length != shape.values()) {
        throw new IllegalArgumentException(
            "an image has " + p.length + " values, the shape needs " + shape.values());
      }
    }
    return new PixelStore.Heap(pixels);
  }

  /** Whether the pixels are read from a decoded cache file rather than the heap. */
  public boolean mapped() {
    return !(pixels instanceof PixelStore.Heap);
  }

  public InputShape shape() {
    return shape;
  }

  public int size() {
    return labels.size();
  }

  public String label(int i) {
    return labels.get(i);
  }

  public String source(int i) {
    return sources.get(i);
  }

  /**
   * The pixels of image {@code i}: the stored array itself for images on the heap, a fresh copy for
   * images read from a decoded cache file.
   */
  public byte[] pixels(int i) {
    return pixels.get(i);
  }

  public List<String> labels() {
    return labels;
  }

  /** Distinct labels, sorted. */
  public List<String> classes() {
    return List.copyOf(new TreeSet<>(labels));
  }

  /** Number of images per label, in sorted label order. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String c : classes()) {
      counts.put(c, 0);
    }
    for (String l : labels) {
      counts.merge(l, 1, Integer::sum);
    }
    return counts;
  }

  /** The samples at the given indices, in that order. */
  public ImageSet subset(int[] indices) {
    List<String> l = new ArrayList<>(indices.length);
    List<String> s = new ArrayList<>(indices.length);
    List<byte[]> p = new ArrayList<>(indices.length);
    for (int i : indices) {
      l.add(labels.get(i));
      s.add(sources.get(i));
      if (!mapped()) {
        p.add(pixels.get(i));
      }
    }
    return new ImageSet(
        shape,
        l,
        s,
        mapped() ? new PixelStore.Subset(pixels, indices.clone()) : new PixelStore.Heap(p));
  }

  /** The samples whose label is in {@code keep}. */
  public ImageSet withClasses(Collection<String> keep) {
    Set<String> k = Set.copyOf(keep);
    return subset(indicesWhere(k, true));
  }

  /** The samples whose label is not in {@code drop}. */
  public ImageSet withoutClasses(Collection<String> drop) {
    Set<String> d = Set.copyOf(drop);
    return subset(indicesWhere(d, false));
  }

  private int[] indicesWhere(Set<String> set, boolean member) {
    return IntStream.range(0, size()).filter(i -> set.contains(labels.get(i)) == member).toArray();
  }

  /** This set resized to another shape (same samples); returns itself if the shape is equal. */
  public ImageSet resizedTo(InputShape target) {
    if (target.equals(shape)) {
      return this;
    }
    List<byte[]> p = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      p.add(ImageDecoder.toPixels(ImageDecoder.toImage(pixels.get(i), shape), target));
    }
    return new ImageSet(target, labels, sources, p);
  }

  /** Concatenation of two sets of the same shape. */
  public ImageSet concat(ImageSet other) {
    if (!other.shape.equals(shape)) {
      throw new IllegalArgumentException("cannot join images of " + shape + " and " + other.shape);
    }
    List<String> l = new ArrayList<>(labels);
    l.addAll(other.labels);
    List<String> s = new ArrayList<>(sources);
    s.addAll(other.sources);
    if (!mapped() && !other.mapped()) {
      List<byte[]> p = new ArrayList<>(((PixelStore.Heap) pixels).arrays());
      p.addAll(((PixelStore.Heap) other.pixels).arrays());
      return new ImageSet(shape, l, s, new PixelStore.Heap(p));
    }
    return new ImageSet(shape, l, s, new PixelStore.Concat(pixels, other.pixels));
  }
}
