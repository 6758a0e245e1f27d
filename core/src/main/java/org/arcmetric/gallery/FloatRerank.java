package org.arcmetric.gallery;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.VectorUtil;

/**
 * Re-scores HNSW candidates by the exact dot product of their float vectors, then sorts them, most
 * similar first (ties by document). For an int8 gallery, where the graph scored candidates by their
 * quantised bytes; Lucene's scalar-quantised format keeps the float vectors too.
 */
final class FloatRerank {
  private FloatRerank() {}

  /** Replaces each {@code hits[i].score} by {@code query · v(doc)} and sorts {@code hits}. */
  static void rescore(IndexReader reader, String field, float[] query, ScoreDoc[] hits)
      throws IOException {
    // the vector iterators only move forward: visit documents in order, leaf by leaf
    ScoreDoc[] byDoc = hits.clone();
    Arrays.sort(byDoc, Comparator.comparingInt(h -> h.doc));
    List<LeafReaderContext> leaves = reader.leaves();
    FloatVectorValues values = null;
    int leafIndex = -1;
    for (ScoreDoc h : byDoc) {
      int li = ReaderUtil.subIndex(h.doc, leaves);
      LeafReaderContext leaf = leaves.get(li);
      if (li != leafIndex) {
        leafIndex = li;
        values = leaf.reader().getFloatVectorValues(field);
      }
      int local = h.doc - leaf.docBase;
      if (values == null || values.advance(local) != local) {
        throw new GalleryException("entry " + h.doc + " of the gallery has no vector");
      }
      h.score = VectorUtil.dotProduct(query, values.vectorValue());
    }
    Arrays.sort(
        hits, Comparator.comparingDouble((ScoreDoc h) -> -h.score).thenComparingInt(h -> h.doc));
  }
}
