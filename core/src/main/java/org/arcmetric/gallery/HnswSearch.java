package org.arcmetric.gallery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;

/**
 * Approximate k-NN over a gallery's Lucene HNSW graph (Malkov and Yashunin 2018): efSearch = max(k,
 * candidates) candidates are collected, their DOT_PRODUCT scores (Lucene's (1 + cos) / 2) mapped
 * back to cosines, and for an int8 gallery re-ranked by the exact float vectors ({@link
 * FloatRerank}), so only the candidate list is approximate. The exact oracle is {@link
 * ExactIndex#search}. Stateless; thread-safe over a reader the caller holds open.
 */
final class HnswSearch {
  private HnswSearch() {}

  static List<Neighbour> search(
      IndexReader reader, float[] query, int k, int candidates, boolean int8) throws IOException {
    if (k <= 0 || reader.numDocs() == 0) {
      return List.of();
    }
    IndexSearcher searcher = new IndexSearcher(reader);
    int n = Math.max(k, candidates);
    ScoreDoc[] found =
        searcher.search(new KnnFloatVectorQuery(EntryDocuments.F_VECTOR, query, n), n).scoreDocs;
    for (ScoreDoc sd : found) {
      sd.score = 2 * sd.score - 1; // DOT_PRODUCT scores are (1 + cos) / 2
    }
    if (int8) {
      // the graph ranked the candidates by their quantised vectors: rank them again by the
      // float vectors Lucene keeps beside the bytes, so only the candidate list is approximate
      FloatRerank.rescore(reader, EntryDocuments.F_VECTOR, query, found);
    }
    StoredFields stored = searcher.storedFields();
    List<Neighbour> out = new ArrayList<>(Math.min(k, found.length));
    for (int i = 0; i < Math.min(k, found.length); i++) {
      Document d = stored.document(found[i].doc);
      out.add(
          new Neighbour(
              d.get(EntryDocuments.F_ID),
              d.get(EntryDocuments.F_LABEL),
              found[i].score,
              d.get(EntryDocuments.F_SOURCE)));
    }
    return out;
  }
}
