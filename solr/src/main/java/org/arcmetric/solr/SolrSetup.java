package org.arcmetric.solr;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.GalleryMetadata;
import org.arcmetric.gallery.HnswOptions;

/**
 * What happens on a new client before a {@link SolrGallery} is handed out: the checks of opening
 * one (the collection exists and holds an arcmetric gallery) and the creation of one (the
 * collection from the shipped configset if it is missing, its vector field checked, the metadata
 * document written and committed). Stateless.
 */
final class SolrSetup {
  private SolrSetup() {}

  /**
   * A client for {@code where}: 10 s to connect, 10 min per request (a bulk write), over HTTP/1.1 —
   * the JDK client's HTTP/2 transport now and then fails a request on a reused connection to Solr's
   * Jetty with "EOF reached while reading" (apache/solr-mcp#130), and one gallery needs no
   * multiplexing.
   */
  static SolrClient client(SolrLocation where) {
    return new HttpJdkSolrClient.Builder(where.baseUrl())
        .useHttp1_1(true)
        .withConnectionTimeout(10, TimeUnit.SECONDS)
        .withRequestTimeout(10, TimeUnit.MINUTES)
        .build();
  }

  /** Refuses a collection that is missing or holds no arcmetric gallery. */
  static void requireGallery(SolrClient c, SolrLocation where)
      throws IOException, SolrServerException {
    if (!SolrCollections.exists(c, where.collection())) {
      throw new GalleryException(
          "there is no collection "
              + where.collection()
              + " at "
              + where.baseUrl()
              + "; 'arcmetric enroll --gallery "
              + where.uri()
              + "' creates it");
    }
    if (SolrMeta.readMeta(c, where) == null) {
      throw new GalleryException(
          "collection "
              + where.collection()
              + " at "
              + where.baseUrl()
              + " is not an arcmetric gallery (it has no "
              + SolrFields.META_ID
              + " document)");
    }
  }

  /** Creates the collection if needed, checks its vector field, writes the metadata and commits. */
  static void createGallery(
      SolrClient c, SolrLocation where, GalleryMetadata meta, HnswOptions hnsw)
      throws IOException, SolrServerException {
    int dimension = meta.dimension();
    if (!SolrCollections.exists(c, where.collection())) {
      SolrCollections.create(c, where, dimension, hnsw);
    } else if (SolrMeta.readMeta(c, where) != null) {
      throw new GalleryException(
          "collection "
              + where.collection()
              + " at "
              + where.baseUrl()
              + " already holds a gallery; open it, or give a new collection name");
    }
    SolrCollections.requireVectorField(c, where, dimension);
    SolrMeta.writeMeta(c, where, meta, -1L);
    c.commit(where.collection(), true, true);
  }
}
