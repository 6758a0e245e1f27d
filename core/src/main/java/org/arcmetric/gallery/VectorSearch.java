package org.arcmetric.gallery;

import java.util.List;
import java.util.Map;

/** Labelled unit vectors that can be searched by cosine similarity. */
public interface VectorSearch {
  /** The k most similar entries, most similar first. */
  List<Neighbour> search(float[] query, int k);

  /** Per label, the normalised mean of its vectors; labels sorted. */
  Map<String, float[]> centroids();

  /** Entries per label, labels sorted (the n_c of the uniform class prior). */
  Map<String, Integer> labelCounts();
}
