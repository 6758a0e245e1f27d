package org.arcmetric.solr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The writes of a SolrCloud gallery that touch many documents: finding entries by id or by source,
 * deleting them with their classes' sums taken back ({@link SolrCentroids}), renaming a class (its
 * entries and its sum document), and adding documents page by page. The caller commits. Stateless.
 */
final class SolrWrites {
  /** Sources per query when finding entries by source. */
  private static final int SOURCES_PER_QUERY = 100;

  private SolrWrites() {}

  /** Adds {@code docs}, {@link SolrDocs#PAGE} at a time. */
  static void addAll(SolrClient client, SolrLocation where, List<SolrInputDocument> docs)
      throws IOException, SolrServerException {
    for (int from = 0; from < docs.size(); from += SolrDocs.PAGE) {
      client.add(
          where.collection(), docs.subList(from, Math.min(docs.size(), from + SolrDocs.PAGE)));
    }
  }

  /** The entry documents among {@code ids} (other kinds and unknown ids left out). */
  static List<SolrDocument> entriesById(
      SolrClient client, SolrLocation where, Collection<String> ids)
      throws IOException, SolrServerException {
    List<SolrDocument> found = new ArrayList<>();
    List<String> list = List.copyOf(new LinkedHashSet<>(ids));
    for (int from = 0; from < list.size(); from += SolrDocs.PAGE) {
      for (SolrDocument d :
          client.getById(
              where.collection(),
              list.subList(from, Math.min(list.size(), from + SolrDocs.PAGE)))) {
        if (SolrFields.KIND_ENTRY.equals(d.getFirstValue(SolrFields.KIND))) {
          found.add(d);
        }
      }
    }
    return found;
  }

  /** The entry documents whose source is one of {@code sources}, with id, label and vector. */
  static List<SolrDocument> entriesBySource(
      SolrClient client, SolrLocation where, Collection<String> sources)
      throws IOException, SolrServerException {
    List<SolrDocument> found = new ArrayList<>();
    List<String> list = List.copyOf(new LinkedHashSet<>(sources));
    for (int from = 0; from < list.size(); from += SOURCES_PER_QUERY) {
      StringBuilder q = new StringBuilder(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY + " AND (");
      List<String> part = list.subList(from, Math.min(list.size(), from + SOURCES_PER_QUERY));
      for (int i = 0; i < part.size(); i++) {
        q.append(i == 0 ? "" : " OR ")
            .append(SolrFields.SOURCE)
            .append(':')
            .append(ClientUtils.escapeQueryChars(part.get(i)));
      }
      found.addAll(SolrDocs.all(client, where, q.append(')').toString(), "id,label,v"));
    }
    return found;
  }

  /**
   * Deletes the entry documents {@code found} and takes their vectors from their classes' sums,
   * then commits; the number deleted.
   */
  static int delete(SolrClient client, SolrLocation where, List<SolrDocument> found, int dim)
      throws IOException, SolrServerException {
    if (found.isEmpty()) {
      return 0;
    }
    SolrCentroids.ClassSums sums = new SolrCentroids.ClassSums(dim);
    List<String> ids = new ArrayList<>();
    for (SolrDocument d : found) {
      ids.add((String) d.getFirstValue(SolrFields.ID));
      sums.add((String) d.getFirstValue(SolrFields.LABEL), SolrDocs.vector(d), -1);
    }
    client.deleteById(where.collection(), ids);
    sums.applyTo(client, where);
    client.commit(where.collection(), true, true);
    return ids.size();
  }

  /**
   * Rewrites every entry of class {@code from} under {@code to} (same ids, vectors, thumbnails) and
   * moves its sum document; the number of entries. The caller commits.
   */
  static int rename(SolrClient client, SolrLocation where, String from, String to)
      throws IOException, SolrServerException {
    List<SolrDocument> docs =
        SolrDocs.all(client, where, SolrDocs.entryQuery(from), "id,source,v,thumb");
    List<SolrInputDocument> renamed = new ArrayList<>();
    for (SolrDocument d : docs) {
      renamed.add(
          SolrDocs.entryDoc(
              (String) d.getFirstValue(SolrFields.ID),
              to,
              (String) d.getFirstValue(SolrFields.SOURCE),
              SolrDocs.vector(d),
              SolrDocs.byteArray(d.getFirstValue(SolrFields.THUMB))));
    }
    addAll(client, where, renamed);
    SolrDocument c = client.getById(where.collection(), SolrFields.centroidId(from));
    if (c != null) {
      client.add(
          where.collection(),
          SolrDocs.centroidDoc(
              to,
              SolrDocs.decodeSum(c.getFirstValue(SolrFields.SUM)),
              ((Number) c.getFirstValue(SolrFields.COUNT)).longValue(),
              -1L));
      client.deleteById(where.collection(), SolrFields.centroidId(from));
    }
    return renamed.size();
  }
}
