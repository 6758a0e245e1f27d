package org.arcmetric.gallery;

import java.io.IOException;
import java.util.Map;
import java.util.ServiceLoader;
import org.arcmetric.options.InvalidOptionException;

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
   *
   * @param engineOptions the engine's own options ({@code key → value}, e.g. {@link
   *     HnswOptions#fromOptions} for an HNSW engine); an engine refuses keys it does not know
   *     ({@link InvalidOptionException} naming the key)
   */
  Gallery create(
      String location, String fingerprint, int dimension, Map<String, String> engineOptions)
      throws IOException;
}
