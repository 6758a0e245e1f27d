package org.arcmetric.gallery;

/**
 * How one search runs: the {@link SearchMode} and efSearch, the candidates Lucene's HNSW search
 * keeps (at least k are kept; more is slower and finds more of the true neighbours). Passed with
 * each call ({@link Gallery#search(float[], int, SearchOptions)}, {@link Gallery#searcher}), so a
 * gallery shared by many requests holds no search setting. Immutable.
 *
 * @param mode exact, approximate or by size
 * @param candidates efSearch, at least 1
 */
public record SearchOptions(SearchMode mode, int candidates) {
  /** Up to this many entries {@link SearchMode#AUTO} searches exactly, above it by HNSW. */
  public static final int AUTO_EXACT_LIMIT = 50_000;

  /** {@link SearchMode#AUTO} with 100 candidates. */
  public static final SearchOptions DEFAULT = new SearchOptions(SearchMode.AUTO, 100);

  public SearchOptions {
    if (mode == null) {
      throw new IllegalArgumentException("mode must be exact, approximate or auto");
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
    }
  }

  /** These options with another mode. */
  public SearchOptions withMode(SearchMode m) {
    return new SearchOptions(m, candidates);
  }

  /** Whether a gallery of {@code entries} is searched exactly under these options. */
  public boolean exactFor(int entries) {
    return mode == SearchMode.EXACT || mode == SearchMode.AUTO && entries <= AUTO_EXACT_LIMIT;
  }
}
