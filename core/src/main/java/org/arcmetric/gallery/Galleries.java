package org.arcmetric.gallery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.arcmetric.options.InvalidOptionException;

/**
 * Opens a gallery by its location: a folder path is a {@link LuceneGallery}; a URI with a scheme
 * ({@code solr://HOST:PORT/solr/COLLECTION}) goes to the {@link GalleryProvider} that accepts it,
 * found on the class path. Stateless and thread-safe.
 */
public final class Galleries {
  private Galleries() {}

  /** Whether {@code location} is a URI with a scheme (then it names a remote gallery). */
  public static boolean isRemote(String location) {
    return location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /** The folder of a local gallery location. */
  public static Path folder(String location) {
    if (isRemote(location)) {
      throw new InvalidOptionException(
          "{gallery} " + location + " is a remote gallery; this needs a local gallery folder");
    }
    return Path.of(location);
  }

  /** Whether a gallery exists at {@code location} (for a folder: it holds files). */
  public static boolean exists(String location) throws IOException {
    return isRemote(location)
        ? provider(location).exists(location)
        : LuceneStore.holdsFiles(Path.of(location));
  }

  /** Opens the existing gallery at {@code location}. */
  public static Gallery open(String location) throws IOException {
    return isRemote(location)
        ? provider(location).open(location)
        : LuceneGallery.open(Path.of(location));
  }

  /**
   * Creates an empty gallery at {@code location}; refuses one that already holds a gallery.
   *
   * @param engineOptions the engine's own options ({@link GalleryProvider#create}); a local folder
   *     takes {@link HnswOptions}' keys
   */
  public static Gallery create(
      String location, String fingerprint, int dimension, Map<String, String> engineOptions)
      throws IOException {
    return isRemote(location)
        ? provider(location).create(location, fingerprint, dimension, engineOptions)
        : LuceneGallery.create(
            Path.of(location), fingerprint, dimension, HnswOptions.fromOptions(engineOptions));
  }

  /** Opens the gallery at {@code location}, creating it for this model if there is none. */
  public static Gallery openOrCreate(
      String location, String fingerprint, int dimension, Map<String, String> engineOptions)
      throws IOException {
    return exists(location)
        ? open(location)
        : create(location, fingerprint, dimension, engineOptions);
  }

  private static GalleryProvider provider(String location) {
    List<String> schemes = new ArrayList<>();
    for (GalleryProvider p : ServiceLoader.load(GalleryProvider.class)) {
      if (p.accepts(location)) {
        return p;
      }
      schemes.add(p.getClass().getSimpleName());
    }
    String scheme = location.substring(0, location.indexOf("://"));
    throw new InvalidOptionException(
        "{gallery} "
            + location
            + ": no gallery engine for '"
            + scheme
            + "://' is installed"
            + (schemes.isEmpty() ? "" : " (found " + String.join(", ", schemes) + ")")
            + "; a gallery is a folder or solr://HOST:PORT/solr/COLLECTION");
  }
}
