package org.arcmetric.solr;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;

/**
 * Exact class centroids at any size without reading the vectors: each class's centroid document
 * holds Σv and n, and every write adds its entries to them (sign +1) or takes them away (−1) under
 * Solr's optimistic concurrency, retrying on a conflicting writer. Stateless.
 */
final class SolrCentroids {
  private SolrCentroids() {}

  /** What a write adds to (sign +1) or takes from (−1) each class's Σv and n. */
  static final class ClassSums {
    private final int dim;
    private final Map<String, double[]> sums = new TreeMap<>();
    private final Map<String, Long> counts = new HashMap<>();

    ClassSums(int dim) {
      this.dim = dim;
    }

    void add(String label, float[] v, int sign) {
      double[] sum = sums.computeIfAbsent(label, l -> new double[dim]);
      for (int j = 0; j < dim; j++) {
        sum[j] += sign * v[j];
      }
      counts.merge(label, (long) sign, Long::sum);
    }

    Collection<String> labels() {
      return sums.keySet();
    }

    void applyTo(SolrClient client, SolrLocation where) throws IOException, SolrServerException {
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        update(client, where, e.getKey(), e.getValue(), counts.get(e.getKey()));
      }
    }
  }

  /**
   * Adds {@code delta} and {@code count} to the centroid document of {@code label} under optimistic
   * concurrency: read it with its {@code _version_}, write it back on that version, retry on
   * conflict. A count that reaches 0 deletes the document.
   */
  static void update(
      SolrClient client, SolrLocation where, String label, double[] delta, long count)
      throws IOException, SolrServerException {
    String id = SolrFields.centroidId(label);
    for (int attempt = 0; ; attempt++) {
      SolrDocument d = client.getById(where.collection(), id);
      long version = d == null ? -1L : ((Number) d.getFirstValue(SolrFields.VERSION)).longValue();
      double[] sum =
          d == null
              ? new double[delta.length]
              : SolrDocs.decodeSum(d.getFirstValue(SolrFields.SUM));
      long n = d == null ? 0 : ((Number) d.getFirstValue(SolrFields.COUNT)).longValue();
      for (int j = 0; j < sum.length; j++) {
        sum[j] += delta[j];
      }
      n += count;
      try {
        if (n <= 0) {
          if (d != null) {
            new UpdateRequest().deleteById(id, version).process(client, where.collection());
          }
        } else {
          client.add(where.collection(), SolrDocs.centroidDoc(label, sum, n, version));
        }
        return;
      } catch (SolrException e) {
        if (e.code() != 409 || attempt >= SolrMeta.RETRIES) {
          throw e;
        }
      }
    }
  }
}
