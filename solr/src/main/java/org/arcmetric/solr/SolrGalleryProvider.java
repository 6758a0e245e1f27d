package org.arcmetric.solr;

import java.io.IOException;
import java.util.Map;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryProvider;
import org.arcmetric.gallery.HnswOptions;

/**
 * The SolrCloud engine for {@link Galleries}: locations {@code solr://HOST:PORT/solr/COLLECTION}
 * and {@code solrs://…}. Registered through {@code META-INF/services}. Stateless and thread-safe.
 */
public final class SolrGalleryProvider implements GalleryProvider {
  @Override
  public boolean accepts(String location) {
    return SolrLocation.accepts(location);
  }

  @Override
  public boolean exists(String location) throws IOException {
    return SolrGallery.exists(SolrLocation.parse(location));
  }

  @Override
  public Gallery open(String location) throws IOException {
    return SolrGallery.open(SolrLocation.parse(location));
  }

  @Override
  public Gallery create(
      String location, String fingerprint, int dimension, Map<String, String> engineOptions)
      throws IOException {
    return SolrGallery.create(
        SolrLocation.parse(location),
        fingerprint,
        dimension,
        HnswOptions.fromOptions(engineOptions));
  }
}
