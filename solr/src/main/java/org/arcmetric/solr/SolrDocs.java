package org.arcmetric.solr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.arcmetric.linalg.UnitVectors;

/**
 * The gallery's documents as Solr holds them ({@link SolrFields}): an entry (label, source, vector,
 * thumbnail), a class's centroid document (Σv as little-endian doubles, n), the queries that find
 * them, and every matching document read page by page with a cursor. Stateless.
 */
final class SolrDocs {
  static final int PAGE = 1000;

  private SolrDocs() {}

  /** Σv as a unit vector: the class's centroid. */
  static float[] normalise(double[] sum) {
    float[] v = new float[sum.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) sum[j];
    }
    return UnitVectors.normalize(v);
  }

  static byte[] encodeSum(double[] sum) {
    ByteBuffer b = ByteBuffer.allocate(8 * sum.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : sum) {
      b.putDouble(x);
    }
    return b.array();
  }

  static double[] decodeSum(Object stored) {
    ByteBuffer b = bytes(stored).order(ByteOrder.LITTLE_ENDIAN);
    double[] sum = new double[b.remaining() / 8];
    for (int j = 0; j < sum.length; j++) {
      sum[j] = b.getDouble();
    }
    return sum;
  }

  /** A stored binary field's bytes, or null for none. */
  static byte[] byteArray(Object stored) {
    if (stored == null) {
      return null;
    }
    ByteBuffer b = bytes(stored);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static ByteBuffer bytes(Object stored) {
    if (stored instanceof byte[] a) {
      return ByteBuffer.wrap(a);
    }
    if (stored instanceof ByteBuffer bb) {
      return bb.duplicate();
    }
    throw new IllegalStateException("not a binary field value: " + stored);
  }

  /** Every document matching {@code query}, with fields {@code fl}, paged by cursor. */
  static List<SolrDocument> all(SolrClient client, SolrLocation where, String query, String fl)
      throws IOException, SolrServerException {
    List<SolrDocument> out = new ArrayList<>();
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrQuery q = new SolrQuery(query);
      q.setFields(fl);
      q.setRows(PAGE);
      q.setSort(SolrFields.ID, SolrQuery.ORDER.asc);
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse r = client.query(where.collection(), q, SolrRequest.METHOD.POST);
      out.addAll(r.getResults());
      String next = r.getNextCursorMark();
      if (next == null || next.equals(cursor)) {
        return out;
      }
      cursor = next;
    }
  }

  static String entryQuery(String label) {
    return SolrFields.KIND
        + ":"
        + SolrFields.KIND_ENTRY
        + " AND "
        + SolrFields.LABEL
        + ":"
        + ClientUtils.escapeQueryChars(label);
  }

  static float[] vector(SolrDocument d) {
    Collection<Object> values = d.getFieldValues(SolrFields.VECTOR);
    float[] v = new float[values.size()];
    int j = 0;
    for (Object o : values) {
      v[j++] = ((Number) o).floatValue();
    }
    return v;
  }

  /** An entry document. */
  static SolrInputDocument entryDoc(
      String id, String label, String source, float[] vector, byte[] thumbnail) {
    SolrInputDocument d = new SolrInputDocument();
    d.setField(SolrFields.ID, id);
    d.setField(SolrFields.KIND, SolrFields.KIND_ENTRY);
    d.setField(SolrFields.LABEL, label);
    if (source != null) {
      d.setField(SolrFields.SOURCE, source);
    }
    List<Float> v = new ArrayList<>(vector.length);
    for (float x : vector) {
      v.add(x);
    }
    d.setField(SolrFields.VECTOR, v);
    if (thumbnail != null) {
      d.setField(SolrFields.THUMB, thumbnail);
    }
    return d;
  }

  static SolrInputDocument centroidDoc(String label, double[] sum, long n, long version) {
    SolrInputDocument c = new SolrInputDocument();
    c.setField(SolrFields.ID, SolrFields.centroidId(label));
    c.setField(SolrFields.KIND, SolrFields.KIND_CENTROID);
    c.setField(SolrFields.LABEL, label);
    c.setField(SolrFields.SUM, encodeSum(sum));
    c.setField(SolrFields.COUNT, n);
    c.setField(SolrFields.VERSION, version);
    return c;
  }
}
