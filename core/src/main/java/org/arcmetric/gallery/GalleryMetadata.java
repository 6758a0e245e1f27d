package org.arcmetric.gallery;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.arcmetric.model.ModelFolder;

/**
 * What a gallery's Lucene commit says about it, beside its entries: the gallery format, the vector
 * dimension d, the fingerprint of the model whose embeddings it holds, the HNSW graph's options
 * and, once calibrated, the {@link Calibration}. Stored as the commit's user data (string keys and
 * values, {@link #encode}); every commit writes all of it, so a crash leaves the metadata of one
 * commit or the other, never a mixture. Immutable.
 *
 * @param format gallery format version ({@link #FORMAT_VERSION} for new galleries)
 * @param dimension vector length d
 * @param fingerprint the model's fingerprint
 * @param hnsw the HNSW graph's options, fixed at creation
 * @param calibration the stored calibration, or null
 */
public record GalleryMetadata(
    int format, int dimension, String fingerprint, HnswOptions hnsw, Calibration calibration) {
  /** The format this version writes; a gallery of a higher format is refused. */
  public static final int FORMAT_VERSION = 1;

  static final String KEY_FORMAT = "arcmetric.format";
  static final String KEY_DIMENSION = "arcmetric.dimension";
  static final String KEY_FINGERPRINT = "arcmetric.model_fingerprint";
  static final String KEY_CALIBRATION = "arcmetric.calibration";
  static final String KEY_HNSW = "arcmetric.hnsw";

  public GalleryMetadata {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
    }
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("fingerprint must not be blank");
    }
    if (hnsw == null) {
      throw new IllegalArgumentException("hnsw must not be null");
    }
  }

  /** A new gallery's metadata: this version's format, no calibration. */
  public static GalleryMetadata of(String fingerprint, int dimension, HnswOptions hnsw) {
    return new GalleryMetadata(FORMAT_VERSION, dimension, fingerprint, hnsw, null);
  }

  /** The same metadata with {@code c} as its calibration (null removes it). */
  public GalleryMetadata withCalibration(Calibration c) {
    return new GalleryMetadata(format, dimension, fingerprint, hnsw, c);
  }

  /** As string keys and values: a Lucene commit's user data, or a remote gallery's record. */
  public Map<String, String> encode() {
    Map<String, String> m = new HashMap<>();
    m.put(KEY_FORMAT, Integer.toString(format));
    m.put(KEY_DIMENSION, Integer.toString(dimension));
    m.put(KEY_FINGERPRINT, fingerprint);
    m.put(KEY_HNSW, hnsw.encode());
    if (calibration != null) {
      try {
        m.put(KEY_CALIBRATION, ModelFolder.JSON.writeValueAsString(calibration));
      } catch (IOException e) {
        throw new IllegalStateException("calibration cannot be written as JSON", e);
      }
    }
    return m;
  }

  /**
   * Reads the metadata {@link #encode} wrote for the gallery at {@code path} (a folder or a URI).
   *
   * @throws GalleryException naming {@code path} when the commit is not an arcmetric gallery's, is
   *     of a newer format, or holds unreadable options or calibration
   */
  public static GalleryMetadata decode(String path, Map<String, String> meta)
      throws GalleryException {
    String format = meta.get(KEY_FORMAT);
    String dim = meta.get(KEY_DIMENSION);
    String fingerprint = meta.get(KEY_FINGERPRINT);
    if (format == null || dim == null || fingerprint == null) {
      throw new GalleryException(path + " is a Lucene index but not an arcmetric gallery");
    }
    int f;
    int d;
    try {
      f = Integer.parseInt(format);
      d = Integer.parseInt(dim);
    } catch (NumberFormatException e) {
      throw new GalleryException(
          path + ": unreadable gallery format '" + format + "' or dimension '" + dim + "'", e);
    }
    if (f > FORMAT_VERSION) {
      throw new GalleryException(
          path + " has gallery format " + format + "; upgrade arcmetric to read it");
    }
    HnswOptions hnsw;
    try {
      hnsw = HnswOptions.decode(meta.get(KEY_HNSW));
    } catch (IllegalArgumentException e) {
      throw new GalleryException(path + ": unreadable HNSW options " + meta.get(KEY_HNSW), e);
    }
    Calibration calibration = null;
    String cal = meta.get(KEY_CALIBRATION);
    if (cal != null) {
      try {
        calibration = ModelFolder.JSON.readValue(cal, Calibration.class);
      } catch (IOException e) {
        throw new GalleryException(
            path
                + ": its stored calibration is unreadable; run 'arcmetric gallery calibrate' again",
            e);
      }
    }
    try {
      return new GalleryMetadata(f, d, fingerprint, hnsw, calibration);
    } catch (IllegalArgumentException e) {
      throw new GalleryException(path + ": " + e.getMessage(), e);
    }
  }
}
