package org.arcmetric.solr;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.GalleryMetadata;

/**
 * What a {@link SolrGallery} caches for {@value SolrGallery#STATE_TTL_MS} ms: its metadata, the
 * entries per class and the class centroids, read together, with when. Immutable.
 */
record SolrState(
    GalleryMetadata metadata,
    int size,
    Map<String, Integer> counts,
    Map<String, float[]> centroids,
    long readAt) {

  /** Reads the metadata, the counts (a facet) and the centroids (the sum documents) now. */
  static SolrState read(SolrClient client, SolrLocation where) throws IOException {
    try {
      GalleryMetadata meta = SolrMeta.readMeta(client, where);
      if (meta == null) {
        throw new GalleryException(where.uri() + ": its metadata document has gone");
      }
      SolrQuery q = new SolrQuery(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY);
      q.setRows(0);
      q.setFacet(true);
      q.addFacetField(SolrFields.LABEL);
      q.setFacetLimit(-1);
      q.setFacetMinCount(1);
      QueryResponse r = client.query(where.collection(), q, SolrRequest.METHOD.POST);
      Map<String, Integer> counts = new TreeMap<>();
      FacetField f = r.getFacetField(SolrFields.LABEL);
      if (f != null && f.getValues() != null) {
        for (FacetField.Count c : f.getValues()) {
          counts.put(c.getName(), (int) c.getCount());
        }
      }
      Map<String, float[]> centroids = new LinkedHashMap<>();
      Map<String, double[]> sums = new TreeMap<>();
      for (SolrDocument d :
          SolrDocs.all(
              client, where, SolrFields.KIND + ":" + SolrFields.KIND_CENTROID, "label,sum")) {
        sums.put(
            (String) d.getFirstValue(SolrFields.LABEL),
            SolrDocs.decodeSum(d.getFirstValue(SolrFields.SUM)));
      }
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        if (counts.containsKey(e.getKey())) {
          centroids.put(e.getKey(), SolrDocs.normalise(e.getValue()));
        }
      }
      return new SolrState(
          meta,
          (int) r.getResults().getNumFound(),
          Collections.unmodifiableMap(counts),
          Collections.unmodifiableMap(centroids),
          System.currentTimeMillis());
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }
}
