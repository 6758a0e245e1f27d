package org.arcmetric.gallery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.arcmetric.options.InvalidOptionException;

/**
 * The HNSW graph of a gallery (Malkov and Yashunin 2018, as Lucene builds it). In the paper's
 * names: {@code maxConn} is M, the neighbours kept per node (Lucene's default 16); {@code
 * beamWidth} is efConstruction, the candidate list while inserting (default 100); {@code int8}
 * stores the vectors scalar-quantised to one byte per dimension beside the graph (a quarter of the
 * memory for the graph search; the candidates found are then re-ranked by their float vectors, so
 * scores are exact and only the candidate list is approximate). Fixed when the gallery is created
 * and stored in its commit. The number of candidates searched, efSearch, is a search-time option
 * ({@link SearchOptions#candidates}). Immutable.
 *
 * <p>The {@link Gallery} interface knows nothing of HNSW: an engine's options travel as its own
 * {@code key=value} map ({@link GalleryProvider#create}); the two engines built on HNSW (the local
 * Lucene one and SolrCloud) read theirs with {@link #fromOptions}: {@value #KEY_M}, {@value
 * #KEY_BEAM} and {@value #KEY_INT8}.
 */
public record HnswOptions(int maxConn, int beamWidth, boolean int8) {
  public static final HnswOptions DEFAULT = new HnswOptions(16, 100, false);

  /** The engine option for M ({@link #maxConn}). */
  public static final String KEY_M = "hnsw.m";

  /** The engine option for efConstruction ({@link #beamWidth}). */
  public static final String KEY_BEAM = "hnsw.beam";

  /** The engine option for one-byte vectors ({@link #int8}). */
  public static final String KEY_INT8 = "int8";

  private static final List<String> KEYS = List.of(KEY_M, KEY_BEAM, KEY_INT8);

  /**
   * The options an HNSW engine was given: the defaults for keys not given.
   *
   * @throws InvalidOptionException naming a key that is not one of {@value #KEY_M}, {@value
   *     #KEY_BEAM}, {@value #KEY_INT8}, or a value that is not a number (or true/false)
   */
  public static HnswOptions fromOptions(Map<String, String> options) {
    int m = DEFAULT.maxConn();
    int beam = DEFAULT.beamWidth();
    boolean int8 = DEFAULT.int8();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String v = e.getValue().trim();
      try {
        switch (e.getKey()) {
          case KEY_M -> m = Integer.parseInt(v);
          case KEY_BEAM -> beam = Integer.parseInt(v);
          case KEY_INT8 -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
              throw new NumberFormatException(v);
            }
            int8 = Boolean.parseBoolean(v);
          }
          default ->
              throw new InvalidOptionException(
                  "{engineOptions} "
                      + e.getKey()
                      + ": not an option of this gallery engine; it takes "
                      + String.join(", ", KEYS));
        }
      } catch (NumberFormatException ex) {
        throw new InvalidOptionException(
            "{engineOptions} " + e.getKey() + "=" + v + ": not a valid value", ex);
      }
    }
    return new HnswOptions(m, beam, int8);
  }

  /** These options as an engine's option map ({@link #fromOptions} reads it back). */
  public Map<String, String> asOptions() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(KEY_M, Integer.toString(maxConn));
    o.put(KEY_BEAM, Integer.toString(beamWidth));
    o.put(KEY_INT8, Boolean.toString(int8));
    return o;
  }

  public HnswOptions {
    if (maxConn < 2 || maxConn > 512) {
      throw new InvalidOptionException("{maxConn} must be between 2 and 512, got " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > 3200) {
      throw new InvalidOptionException("{beamWidth} must be between 1 and 3200, got " + beamWidth);
    }
  }

  KnnVectorsFormat format() {
    return int8
        ? new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beamWidth)
        : new Lucene99HnswVectorsFormat(maxConn, beamWidth);
  }

  /** As stored in the commit: {@code m=16;beam=100;int8=false}. */
  String encode() {
    return String.format(Locale.ROOT, "m=%d;beam=%d;int8=%b", maxConn, beamWidth, int8);
  }

  static HnswOptions decode(String s) {
    if (s == null) {
      return DEFAULT;
    }
    int m = DEFAULT.maxConn();
    int beam = DEFAULT.beamWidth();
    boolean int8 = false;
    for (String part : s.split(";")) {
      String[] kv = part.split("=", 2);
      switch (kv[0]) {
        case "m" -> m = Integer.parseInt(kv[1]);
        case "beam" -> beam = Integer.parseInt(kv[1]);
        case "int8" -> int8 = Boolean.parseBoolean(kv[1]);
        default -> {
          // a later version's option: ignore
        }
      }
    }
    return new HnswOptions(m, beam, int8);
  }
}
