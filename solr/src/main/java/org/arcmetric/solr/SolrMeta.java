package org.arcmetric.solr;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.GalleryMetadata;
import org.arcmetric.model.ModelFolder;

/**
 * The gallery's metadata document ({@link SolrFields#META_ID}): format, dimension, fingerprint,
 * index options and calibration as {@link GalleryMetadata#encode} writes them, in one JSON field,
 * written under optimistic concurrency ({@code _version_}). Stateless.
 */
final class SolrMeta {
  /** Attempts of a write under optimistic concurrency before a conflict is reported. */
  static final int RETRIES = 50;

  private SolrMeta() {}

  static SolrDocument readMetaDoc(SolrClient c, SolrLocation where)
      throws IOException, SolrServerException {
    return c.getById(where.collection(), SolrFields.META_ID);
  }

  static GalleryMetadata readMeta(SolrClient c, SolrLocation where)
      throws IOException, SolrServerException {
    SolrDocument d = readMetaDoc(c, where);
    if (d == null) {
      return null;
    }
    Object json = d.getFirstValue(SolrFields.META);
    Map<String, String> map;
    try {
      map = ModelFolder.JSON.readValue(String.valueOf(json), new TypeReference<>() {});
    } catch (IOException e) {
      throw new GalleryException(where.uri() + ": its metadata document is unreadable", e);
    }
    return GalleryMetadata.decode(where.uri(), map);
  }

  static void writeMeta(SolrClient c, SolrLocation where, GalleryMetadata m, long version)
      throws IOException, SolrServerException {
    SolrInputDocument d = new SolrInputDocument();
    d.setField(SolrFields.ID, SolrFields.META_ID);
    d.setField(SolrFields.KIND, SolrFields.KIND_META);
    d.setField(SolrFields.META, ModelFolder.JSON.writeValueAsString(new TreeMap<>(m.encode())));
    d.setField(SolrFields.VERSION, version);
    c.add(where.collection(), d);
  }
}
