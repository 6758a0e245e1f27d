package org.arcmetric.solr;

import java.io.IOException;
import java.net.ConnectException;
import org.apache.solr.common.SolrException;
import org.arcmetric.gallery.GalleryException;

/**
 * What a failure of SolrCloud means to a user, in one sentence naming the collection. Stateless.
 */
final class SolrErrors {
  private SolrErrors() {}

  static IOException unreachable(SolrLocation where, Exception e) {
    if (e instanceof GalleryException ge) {
      return ge;
    }
    if (e instanceof SolrException se && se.code() == 409) {
      return new GalleryException(
          "collection " + where.collection() + " was changed by another writer at the same time",
          e);
    }
    return new IOException(
        "SolrCloud at "
            + where.baseUrl()
            + " failed for collection "
            + where.collection()
            + ": "
            + describe(e),
        e);
  }

  /** The first real message in {@code e}'s causes; a refused connection says so plainly. */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "cannot connect (is Solr running there, and is the port right?)";
      }
      String m = t.getMessage();
      if (message == null && m != null && !m.isBlank() && !m.equals("null")) {
        message = m;
      }
    }
    return message != null ? message : e.getClass().getSimpleName();
  }
}
