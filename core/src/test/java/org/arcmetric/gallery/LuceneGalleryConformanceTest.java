package org.arcmetric.gallery;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link GalleryConformance} on the local Lucene gallery. */
class LuceneGalleryConformanceTest extends GalleryConformance {
  @TempDir static Path dir;

  @Override
  protected Gallery create(String name, String fingerprint, int dimension) throws IOException {
    return LuceneGallery.create(dir.resolve(name), fingerprint, dimension);
  }

  @Override
  protected Gallery open(String location) throws IOException {
    return LuceneGallery.open(Path.of(location));
  }
}
