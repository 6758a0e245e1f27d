package org.arcmetric.gallery;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageSet;
import org.arcmetric.options.InvalidOptionException;

/**
 * An entry to add to a gallery: a unit vector of the gallery's dimension, its class and source, and
 * optionally a small PNG thumbnail (stored with the entry so a service can show matches).
 */
public record GalleryEntry(String label, String source, float[] vector, byte[] thumbnail) {

  /** The label is kept in Unicode normal form C ({@link Labels#nfc}), as every label is stored. */
  public GalleryEntry {
    label = Labels.nfc(label);
  }

  /** Longest side of the thumbnails {@link #withThumbnails} makes, in pixels. */
  public static final int THUMBNAIL_SIDE = 64;

  /** An entry without a thumbnail. */
  public GalleryEntry(String label, String source, float[] vector) {
    this(label, source, vector, null);
  }

  /** One entry per image: its label, its source and the embedding in the same row. */
  public static List<GalleryEntry> of(ImageSet images, float[][] vectors) {
    return of(images, vectors, false);
  }

  /** As {@link #of}, each entry with a PNG thumbnail of its image (at most 64 px a side). */
  public static List<GalleryEntry> withThumbnails(ImageSet images, float[][] vectors) {
    return of(images, vectors, true);
  }

  private static List<GalleryEntry> of(ImageSet images, float[][] vectors, boolean thumbs) {
    if (images.size() != vectors.length) {
      throw new IllegalArgumentException(
          images.size() + " images but " + vectors.length + " embeddings");
    }
    List<GalleryEntry> entries = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      byte[] t = thumbs ? thumbnail(ImageDecoder.toImage(images.pixels(i), images.shape())) : null;
      entries.add(new GalleryEntry(images.label(i), images.source(i), vectors[i], t));
    }
    return entries;
  }

  /** A PNG of {@code image} scaled down (never up) to at most {@link #THUMBNAIL_SIDE} a side. */
  public static byte[] thumbnail(BufferedImage image) {
    double scale =
        Math.min(1.0, (double) THUMBNAIL_SIDE / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // In memory, not through ImageIO's temp-file cache (which fails while the JVM shuts down).
    try (var stream = new MemoryCacheImageOutputStream(out)) {
      ImageIO.write(small, "png", stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Largest allowed deviation of a gallery vector's length from 1, on every engine. */
  public static final float UNIT_TOLERANCE = 1e-3f;

  /**
   * Checks entry {@code index} of a batch for a gallery of {@code dimension}.
   *
   * @throws IllegalArgumentException naming the entry when its vector is not a finite unit vector
   *     of that dimension (within {@link #UNIT_TOLERANCE}) or its label breaks {@link Labels}
   */
  public void requireValid(int index, int dimension) {
    requireValid(index, dimension, UNIT_TOLERANCE);
  }

  /**
   * Refuses this entry, the {@code index}-th of a batch, unless it has a label and a finite vector
   * of length {@code dimension} within {@code tolerance} of unit length.
   */
  void requireValid(int index, int dimension, float tolerance) {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("entry " + index + " has no label");
    }
    String why = Labels.problem(label);
    if (why != null) {
      throw new InvalidOptionException(
          "entry " + index + ": the label '" + Labels.forTsv(label) + "' cannot be used: " + why);
    }
    if (vector == null || vector.length != dimension) {
      throw new IllegalArgumentException(
          "entry "
              + index
              + " has a vector of dimension "
              + (vector == null ? 0 : vector.length)
              + "; this gallery holds dimension "
              + dimension);
    }
    double norm = 0;
    for (float x : vector) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("entry " + index + " has a non-finite vector value");
      }
      norm += x * x;
    }
    if (Math.abs(Math.sqrt(norm) - 1) > tolerance) {
      throw new IllegalArgumentException(
          "entry " + index + " is not a unit vector (length " + Math.sqrt(norm) + ")");
    }
  }
}
