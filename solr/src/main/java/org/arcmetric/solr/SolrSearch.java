package org.arcmetric.solr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.arcmetric.gallery.Neighbour;

/**
 * Nearest entries on SolrCloud: approximate by Solr's {@code {!knn}} (topK candidates per shard),
 * exact by {@code vectorSimilarity} over every entry; either way the best k + 8 by Solr's score are
 * fetched with their vectors and re-ranked by the exact dot product (ties by id), so scores are
 * cosines as the local gallery's. Thread-safe (the client is).
 */
final class SolrSearch {
  private final SolrClient client;
  private final SolrLocation where;

  SolrSearch(SolrClient client, SolrLocation where) {
    this.client = client;
    this.where = where;
  }

  List<Neighbour> knn(float[] query, int k, int topK) {
    SolrQuery q =
        new SolrQuery("{!knn f=" + SolrFields.VECTOR + " topK=" + topK + "}" + literal(query));
    // Solr scores the candidates it found by their true similarity, (1 + dot) / 2: the best k (and
    // a few for float near-ties) are the ones to fetch and re-rank by the exact dot product
    q.setRows(k + 8);
    return ranked(q, query, k);
  }

  List<Neighbour> exactScan(float[] query, int k) {
    SolrQuery q =
        new SolrQuery(
            "{!func}vectorSimilarity(FLOAT32,DOT_PRODUCT,"
                + SolrFields.VECTOR
                + ","
                + literal(query)
                + ")");
    q.addFilterQuery(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY);
    // a few more than k: Solr's float scores may order near-ties differently from the exact dot
    q.setRows(k + 8);
    return ranked(q, query, k);
  }

  private List<Neighbour> ranked(SolrQuery q, float[] query, int k) {
    q.setFields("id,label,source,v");
    SolrDocumentList docs;
    try {
      docs = client.query(where.collection(), q, SolrRequest.METHOD.POST).getResults();
    } catch (SolrServerException | SolrException | IOException e) {
      throw new UncheckedIOException(
          e instanceof IOException io ? io : SolrErrors.unreachable(where, e));
    }
    List<Neighbour> out = new ArrayList<>(docs.size());
    for (SolrDocument d : docs) {
      float[] v = SolrDocs.vector(d);
      float s = 0;
      for (int j = 0; j < v.length; j++) {
        s += v[j] * query[j];
      }
      out.add(
          new Neighbour(
              (String) d.getFirstValue(SolrFields.ID),
              (String) d.getFirstValue(SolrFields.LABEL),
              s,
              (String) d.getFirstValue(SolrFields.SOURCE)));
    }
    out.sort(
        (a, b) ->
            a.score() != b.score()
                ? Float.compare(b.score(), a.score())
                : a.id().compareTo(b.id()));
    return List.copyOf(out.subList(0, Math.min(k, out.size())));
  }

  private static String literal(float[] v) {
    StringBuilder sb = new StringBuilder(v.length * 12).append('[');
    for (int j = 0; j < v.length; j++) {
      if (j > 0) {
        sb.append(',');
      }
      sb.append(v[j]);
    }
    return sb.append(']').toString();
  }
}
