package org.arcmetric.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.embed.PixelBaseline;
import org.arcmetric.embed.ViewAveraging;
import org.arcmetric.eval.EmbeddedSet;
import org.arcmetric.features.FeatureChoice;
import org.arcmetric.features.FeatureSpec;
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

  /** Set from the command's {@link Reference} group ({@link #use}). */
  String gallery;

  /** Set from the command's {@link Reference} group ({@link #use}). */
  String galleryData;

  /**
   * Where the reference set comes from: exactly one of {@code --gallery} and {@code --gallery-data}
   * (a picocli exclusive group, so that giving both is a usage error naming them).
   */
  static class Reference {
    @Option(
        names = "--gallery",
        required = true,
        paramLabel = "GALLERY",
        description =
            "An enrolled gallery to search, a folder or solr://HOST:PORT/solr/COLLECTION (or give"
                + " --gallery-data).")
    String gallery;

    @Option(
        names = "--gallery-data",
        required = true,
        paramLabel = "SPEC",
        description =
            "Images to embed as the gallery instead of --gallery, in memory (nothing is written).")
    String galleryData;
  }

  /** evaluate's reference: a gallery, images to embed, or none ({@code --leave-one-out}). */
  static final class ReferenceOrNone extends Reference {
    @Option(
        names = "--leave-one-out",
        required = true,
        description =
            "No gallery: rank every query against the other queries (retrieval, clustering and"
                + " verification only).")
    boolean leaveOneOut;
  }

  /** Takes the gallery or gallery images from a command's group (null: neither given). */
  EvalInputs use(Reference r) {
    gallery = r == null ? null : r.gallery;
    galleryData = r == null ? null : r.galleryData;
    return this;
  }

  @Option(names = "--data", required = true, paramLabel = "SPEC", description = "The queries.")
  String data;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Query only these classes.")
  String classes;

  @Option(names = "--skip-bad-images", description = Flags.SKIP_BAD_IMAGES_HELP)
  boolean skipBadImages;

  @Option(
      names = "--features",
      paramLabel = "TAP[+cl2n|+zca]",
      description =
          "With --gallery-data: evaluate other features of the same network than the model's own"
              + " (embedding, pooled or stages, +cl2n to centre them on the mean of the gallery's"
              + " trained-class images and L2-normalise, +zca to centre and whiten them by those"
              + " images' covariance), e.g. pooled+cl2n, embedding+zca.")
  String features;

  @Option(
      names = "--zca-shrinkage",
      hidden = true,
      paramLabel = "A",
      description =
          "With --features TAP+zca: the whitening's shrinkage, a fraction of the covariance's"
              + " mean eigenvalue added to it (default 0.01; larger whitens less).")
  Double zcaShrinkage;

  @Option(
      names = "--zca-between-weight",
      hidden = true,
      paramLabel = "B",
      description =
          "With --features TAP+zca: whiten by the within-class covariance plus B times the"
              + " scatter of the class means of the gallery's trained-class images (default 0.3;"
              + " 1: the whole covariance, plain ZCA).")
  Double zcaBetweenWeight;

  @Option(
      names = "--gallery-views",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "With --gallery-data: embed each gallery image as N views and keep their mean (1, 5 ="
              + " also shifted up, down, left, right, 10 = also mirrored; default: ${DEFAULT-VALUE}).")
  int galleryViews = 1;

  @Option(
      names = "--no-baseline",
      description = "Do not compute the raw-pixel baseline beside the model's numbers.")
  boolean noBaseline;

  /**
   * @param galleryImages the gallery's images when it came from --gallery-data, else null
   * @param calibration the --gallery's stored calibration, or null
   * @param calibrationStale why that calibration is out of date, or null when it is not
   * @param features the --features evaluated, or null for the model's own
   * @param baselineReference the reference as raw-pixel vectors (same rows), or null
   * @param baselineQueries the queries as raw-pixel vectors (same rows), or null
   * @param baselineMissing why there is no baseline, or null
   */
  record Loaded(
      ModelInfo info,
      EmbeddedSet reference,
      ImageSet galleryImages,
      ImageSet queryImages,
      EmbeddedSet queries,
      Calibration calibration,
      String calibrationStale,
      FeatureChoice features,
      EmbeddedSet baselineReference,
      EmbeddedSet baselineQueries,
      String baselineMissing) {
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
    // the commands' exclusive groups refuse both at once; this guards callers from Java
    if (queriesOnly && (gallery != null || galleryData != null)) {
      throw new IllegalArgumentException(
          "--leave-one-out compares the queries with each other; leave out --gallery and"
              + " --gallery-data");
    }
    if (!queriesOnly && (gallery == null) == (galleryData == null)) {
      throw new IllegalArgumentException(
          "give either --gallery (an enrolled gallery) or --gallery-data (images to embed)");
    }
    FeatureChoice f = features == null ? null : FeatureChoice.parse(features);
    // the whitening's parameters re-measure W, which only --features does (a model's own W is
    // fixed when it is trained)
    for (var given :
        Map.of(
                "--zca-shrinkage",
                zcaShrinkage != null,
                "--zca-between-weight",
                zcaBetweenWeight != null)
            .entrySet()) {
      if (given.getValue() && f == null) {
        throw new IllegalArgumentException(
            given.getKey()
                + " applies with --features TAP+zca (a model's own whitening is fixed when it is"
                + " trained: give "
                + given.getKey()
                + " to train)");
      }
    }
    if (zcaShrinkage != null) {
      f = f.withShrinkage(zcaShrinkage);
    }
    if (zcaBetweenWeight != null) {
      f = f.withBetweenWeight(zcaBetweenWeight);
    }
    try {
      ViewAveraging.check(galleryViews);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--gallery-views: " + e.getMessage(), e);
    }
    if (galleryViews != 1 && galleryData == null) {
      throw new IllegalArgumentException(
          "--gallery-views applies with --gallery-data (for an enrolled gallery, give --views"
              + " to enroll)");
    }
    if (f != null && gallery != null) {
      throw new IllegalArgumentException(
          "--features applies with --gallery-data or --leave-one-out; an enrolled --gallery holds"
              + " the features it was enrolled with");
    }
    try (EmbeddingModel m =
        f == null
            ? EmbeddingModel.load(model)
            : EmbeddingModel.load(model, FeatureSpec.of(f.tap(), null))) {
      EmbeddedSet reference = null;
      ImageSet galleryImages = null;
      Calibration calibration = null;
      String stale = null;
      EmbeddedSet baseReference = null;
      String missing = noBaseline ? "--no-baseline" : null;
      if (queriesOnly) {
        // no reference: the queries are their own
      } else if (gallery != null) {
        try (Gallery g = Workspace.openGalleryFor(m, model, gallery)) {
          reference = EmbeddedSet.of(g.snapshot());
          calibration = g.calibration();
          stale = calibration == null ? null : g.calibrationStaleness();
        }
        if (!noBaseline) {
          String[] why = new String[1];
          baseReference = pixelsOfSources(reference, m.inputShape(), why);
          missing = why[0];
        }
      } else {
        galleryImages =
            Inputs.load(galleryData, null, m.inputShape(), skipBadImages, List.of(), err);
        try (Embedder e = m.newEmbedder()) {
          reference =
              EmbeddedSet.of(galleryImages, ViewAveraging.embed(e, galleryImages, galleryViews));
        }
        if (!noBaseline) {
          baseReference =
              EmbeddedSet.of(galleryImages, PixelBaseline.embed(galleryImages, m.inputShape()));
        }
      }
      ImageSet queries =
          Inputs.load(data, null, m.inputShape(), skipBadImages, Inputs.classList(classes), err);
      EmbeddedSet queryVectors = EmbeddedSet.of(queries, embed(m, queries));
      if (f != null && f.centred()) {
        // CL2N (+zca): centre (and whiten) on the trained classes' gallery images (the base
        // classes)
        EmbeddedSet base =
            reference == null ? queryVectors : reference.filter(m.info().classes(), true);
        if (base.size() == 0) {
          base = reference == null ? queryVectors : reference;
        }
        FeatureSpec centring = f.measure(base.vectors(), base.labels()).withViewsOf(m.features());
        reference = reference == null ? null : centre(reference, centring);
        queryVectors = centre(queryVectors, centring);
      }
      EmbeddedSet baseQueries = null;
      if (!noBaseline && (queriesOnly || baseReference != null)) {
        baseQueries = EmbeddedSet.of(queries, PixelBaseline.embed(queries, m.inputShape()));
      }
      return new Loaded(
          m.info(),
          reference,
          galleryImages,
          queries,
          queryVectors,
          calibration,
          stale,
          f,
          baseReference,
          baseQueries,
          baseQueries == null ? missing : null);
    }
  }

  private static EmbeddedSet centre(EmbeddedSet set, FeatureSpec centring) {
    float[][] v = new float[set.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = centring.apply(set.vectors()[i].clone());
    }
    return new EmbeddedSet(set.labels(), set.sources(), v);
  }

  /**
   * The gallery's entries as raw-pixel vectors, read back from their stored sources; null (with the
   * reason in {@code why[0]}) when a source cannot be read.
   */
  private static EmbeddedSet pixelsOfSources(
      EmbeddedSet reference, InputShape shape, String[] why) {
    SourceImages images = SourceImages.forSpecs();
    float[][] v = new float[reference.size()][];
    for (int i = 0; i < v.length; i++) {
      java.awt.image.BufferedImage img =
          images.read(reference.sources().get(i), Math.max(shape.height(), shape.width()));
      if (img == null) {
        why[0] =
            "the gallery entry from '"
                + reference.sources().get(i)
                + "' could not be read back; give --gallery-data to compare with raw pixels";
        return null;
      }
      v[i] = PixelBaseline.vector(ImageDecoder.toPixels(img, shape));
    }
    return new EmbeddedSet(reference.labels(), reference.sources(), v);
  }

  private static float[][] embed(EmbeddingModel m, ImageSet images) {
    try (Embedder e = m.newEmbedder()) {
      return e.embed(images);
    }
  }
}
