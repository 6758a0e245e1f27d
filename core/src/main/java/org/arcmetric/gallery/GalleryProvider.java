package org.arcmetric.gallery;

import java.io.IOException;
import java.util.ServiceLoader;

/**
 * An engine that galleries can live on, found by {@link ServiceLoader}: a module that adds one (as
 * {@code arcmetric-solr} adds SolrCloud) lists its provider in {@code
 * META-INF/services/org.arcmetric.gallery.GalleryProvider}. Implementations are stateless and
 * thread-safe.
 */
public interface GalleryProvider {
  /** Whether {@code location} names a gallery of this engine (by its URI scheme). */
  boolean accepts(String location);

  /** Whether a gallery exists at {@code location}. */
  boolean exists(String location) throws IOException;

  /** Opens the existing gallery at {@code location}. */
  Gallery open(String location) throws IOException;

  /**
   * Creates an empty gallery at {@code location} for vectors of {@code dimension} made by the model
   * with {@code fingerprint}; refuses a location that already holds a gallery.
   */
  Gallery create(String location, String fingerprint, int dimension, HnswOptions hnsw)
      throws IOException;
}
