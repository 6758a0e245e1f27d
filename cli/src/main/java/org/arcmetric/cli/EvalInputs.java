package org.arcmetric.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.eval.EmbeddedSet;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.model.ModelInfo;
import picocli.CommandLine.Option;

/**
 * What evaluate and report compare: a model, a reference set (an enrolled gallery, or images
 * embedded on the fly and never written) and labelled queries.
 */
final class EvalInputs {
  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  Path model;

  @Option(
      names = "--gallery",
      paramLabel = "GALLERY_DIR",
      description = "An enrolled gallery to search (or give --gallery-data).")
  Path gallery;

  @Option(
      names = "--gallery-data",
      paramLabel = "SPEC",
      description =
          "Images to embed as the gallery instead of --gallery, in memory (nothing is written).")
  String galleryData;

  @Option(names = "--data", required = true, paramLabel = "SPEC", description = "The queries.")
  String data;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Query only these classes.")
  String classes;

  @Option(names = "--skip-bad-images", description = "Skip corrupt images instead of stopping.")
  boolean skipBadImages;

  /**
   * @param galleryImages the gallery's images when it came from --gallery-data, else null
   * @param calibration the --gallery's stored calibration, or null
   * @param calibrationStale why that calibration is out of date, or null when it is not
   */
  record Loaded(
      ModelInfo info,
      EmbeddedSet reference,
      ImageSet galleryImages,
      ImageSet queryImages,
      EmbeddedSet queries,
      Calibration calibration,
      String calibrationStale) {
    List<String> trainedClasses() {
      return info.classes();
    }
  }

  Loaded load(PrintWriter err) throws IOException {
    return load(err, false);
  }

  /**
   * @param queriesOnly no gallery is wanted (leave-one-out within the queries); one given is
   *     refused
   */
  Loaded load(PrintWriter err, boolean queriesOnly) throws IOException {
    if (queriesOnly && (gallery != null || galleryData != null)) {
      throw new IllegalArgumentException(
          "--leave-one-out compares the queries with each other; leave out --gallery and"
              + " --gallery-data");
    }
    if (!queriesOnly && (gallery == null) == (galleryData == null)) {
      throw new IllegalArgumentException(
          "give either --gallery (an enrolled gallery) or --gallery-data (images to embed)");
    }
    try (EmbeddingModel m = EmbeddingModel.load(model)) {
      EmbeddedSet reference = null;
      ImageSet galleryImages = null;
      Calibration calibration = null;
      String stale = null;
      if (queriesOnly) {
        // no reference: the queries are their own
      } else if (gallery != null) {
        try (Gallery g = Workspace.openGalleryFor(m, model, gallery)) {
          reference = EmbeddedSet.of(g.snapshot());
          calibration = g.calibration();
          stale = calibration == null ? null : g.calibrationStaleness();
        }
      } else {
        galleryImages =
            Inputs.load(galleryData, null, m.inputShape(), skipBadImages, List.of(), err);
        reference = EmbeddedSet.of(galleryImages, embed(m, galleryImages));
      }
      ImageSet queries =
          Inputs.load(data, null, m.inputShape(), skipBadImages, Inputs.classList(classes), err);
      return new Loaded(
          m.info(),
          reference,
          galleryImages,
          queries,
          EmbeddedSet.of(queries, embed(m, queries)),
          calibration,
          stale);
    }
  }

  private static float[][] embed(EmbeddingModel m, ImageSet images) {
    try (Embedder e = m.newEmbedder()) {
      return e.embed(images);
    }
  }
}
