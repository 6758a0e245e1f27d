package org.arcmetric.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;

/** Opening an existing gallery for a model, refusing one made by another model or empty. */
final class Workspace {
  private Workspace() {}

  static Gallery openGalleryFor(EmbeddingModel model, Path modelDir, String gallery)
      throws IOException {
    Gallery g = Galleries.open(gallery);
    try {
      g.requireModel(model.fingerprint(), "model " + modelDir);
      if (g.size() == 0) {
        throw new IOException(
            "gallery " + gallery + " is empty; enrol images first with 'arcmetric enroll'");
      }
      return g;
    } catch (IOException | RuntimeException e) {
      g.close();
      throw e;
    }
  }
}
