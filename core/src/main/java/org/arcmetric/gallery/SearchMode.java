package org.arcmetric.gallery;

/** How a gallery finds neighbours: by exact scan, by its HNSW graph, or by its size. */
public enum SearchMode {
  /** Scan every entry: exact, O(n·d) per query (the oracle). */
  EXACT,
  /** Lucene's HNSW graph: approximate, about O(log n) per query. */
  APPROXIMATE,
  /** Exact up to {@link SearchOptions#AUTO_EXACT_LIMIT} entries, approximate above. */
  AUTO
}
