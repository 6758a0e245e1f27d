package org.arcmetric.solr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;

/**
 * The check and repair of a SolrCloud gallery's class sums: which classes' sum documents disagree
 * with their entries (a write that failed half-way, Solr having no multi-document transaction), and
 * rewriting them from the entries' vectors. Stateless.
 */
final class SolrRepair {
  private SolrRepair() {}

  /** The classes whose sum document's count differs from {@code counts} (or that lack one). */
  static List<String> inconsistent(
      SolrClient client, SolrLocation where, Map<String, Integer> counts) throws IOException {
    try {
      Map<String, Long> sums = new TreeMap<>();
      for (SolrDocument d :
          SolrDocs.all(
              client, where, SolrFields.KIND + ":" + SolrFields.KIND_CENTROID, "label,count")) {
        sums.put(
            (String) d.getFirstValue(SolrFields.LABEL),
            ((Number) d.getFirstValue(SolrFields.COUNT)).longValue());
      }
      Set<String> labels = new TreeSet<>(counts.keySet());
      labels.addAll(sums.keySet());
      List<String> bad = new ArrayList<>();
      for (String l : labels) {
        Long n = sums.get(l);
        Integer c = counts.get(l);
        if (n == null || c == null || n.longValue() != c.longValue()) {
          bad.add(l);
        }
      }
      return bad;
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  /**
   * Rewrites the sum documents of {@code labels} from their entries (reads their vectors: for
   * repair, not for every write); one commit first, so the entries are all visible, and one after.
   */
  static void recompute(SolrClient client, SolrLocation where, Collection<String> labels, int dim)
      throws IOException, SolrServerException {
    client.commit(where.collection(), true, true);
    for (String label : labels) {
      double[] sum = new double[dim];
      long n = 0;
      for (SolrDocument d : SolrDocs.all(client, where, SolrDocs.entryQuery(label), "id,v")) {
        float[] v = SolrDocs.vector(d);
        for (int j = 0; j < dim; j++) {
          sum[j] += v[j];
        }
        n++;
      }
      if (n == 0) {
        client.deleteById(where.collection(), SolrFields.centroidId(label));
      } else {
        client.add(where.collection(), SolrDocs.centroidDoc(label, sum, n, 0L));
      }
    }
    client.commit(where.collection(), true, true);
  }
}
