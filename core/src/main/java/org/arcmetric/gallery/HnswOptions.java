package org.arcmetric.gallery;

import java.util.Locale;
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
 */
public record HnswOptions(int maxConn, int beamWidth, boolean int8) {
  public static final HnswOptions DEFAULT = new HnswOptions(16, 100, false);

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
