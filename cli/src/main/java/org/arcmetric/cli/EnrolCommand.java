package org.arcmetric.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.embed.ViewAveraging;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.Labels;
import org.arcmetric.options.InvalidOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric enroll}: embeds labelled images into a gallery (created if needed).
 *
 * <p>Identifiers spell the concept the British way (enrol, enrolment, centre), as everywhere in the
 * code; the command keeps the name users type, {@code enroll}.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description =
        "Embed labelled images into a gallery; new labels become new classes without"
            + " retraining. Reports success only after the gallery is committed to disk.")
final class EnrolCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  Path model;

  @Option(
      names = "--gallery",
      required = true,
      paramLabel = "GALLERY",
      description =
          "A gallery folder, or solr://HOST:PORT/solr/COLLECTION for SolrCloud; created on first"
              + " use; must have been made by the same model.")
  String gallery;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "SPEC",
      description =
          "ImageFolder-layout folder, flat folder with --label, or fashion-mnist[:DIR]:train|test.")
  String data;

  @Option(
      names = "--label",
      paramLabel = "L",
      description = "Enrol a flat folder of images as class L.")
  String label;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Enrol only these classes.")
  String classes;

  @Option(
      names = "--views",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Embed each image as N views and store their mean: 1, 5 (also shifted up, down, left,"
              + " right) or 10 (also mirrored; only where mirroring keeps the class); default:"
              + " ${DEFAULT-VALUE}.")
  int views;

  @Option(names = "--skip-bad-images", description = Flags.SKIP_BAD_IMAGES_HELP)
  boolean skipBadImages;

  @Option(
      names = "--hnsw-m",
      paramLabel = "M",
      description = "New gallery: HNSW neighbours per node (default 16).")
  Integer hnswM;

  @Option(
      names = "--hnsw-beam-width",
      paramLabel = "N",
      description = "New gallery: HNSW efConstruction (default 100).")
  Integer hnswBeam;

  @Option(
      names = "--thumbnails",
      description = "Store a PNG thumbnail (at most 64 px a side) with each entry.")
  boolean thumbnails;

  @Option(
      names = "--int8",
      description = "New gallery: store the HNSW vectors quantised to 8 bits (less memory).")
  boolean int8;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    if (label != null) {
      label = Labels.validate(label);
    }
    try {
      ViewAveraging.check(views);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--views: " + e.getMessage(), e);
    }
    try (EmbeddingModel m = EmbeddingModel.load(model)) {
      HnswOptions hnsw =
          new HnswOptions(
              hnswM == null ? HnswOptions.DEFAULT.maxConn() : hnswM,
              hnswBeam == null ? HnswOptions.DEFAULT.beamWidth() : hnswBeam,
              int8);
      boolean remote = Galleries.isRemote(gallery);
      if (!remote
          && Files.exists(Galleries.folder(gallery))
          && !Files.isDirectory(Galleries.folder(gallery))) {
        throw new IOException(gallery + " is a file; give a folder for --gallery");
      }
      boolean exists = Galleries.exists(gallery);
      // Check an existing gallery before the (long) embedding, and take its write lock, so a
      // mismatch or a second writer fails at once; a new gallery is created only once there is
      // something to put in it, so a failed first enrolment leaves nothing behind.
      Gallery existing = exists ? Galleries.open(gallery) : null;
      try {
        if (existing != null) {
          HnswOptions has = HnswOptions.fromOptions(existing.engineOptions());
          if ((hnswM != null || hnswBeam != null || int8) && !has.equals(hnsw)) {
            throw new IllegalArgumentException(
                "gallery "
                    + gallery
                    + " exists with HNSW options "
                    + has
                    + "; they are fixed when a gallery is created (rebuild into a new folder to"
                    + " change them)");
          }
          existing.requireModel(m.fingerprint(), "model " + model);
          existing.lockForWriting();
        }
        ImageSet images =
            Inputs.load(data, label, m.inputShape(), skipBadImages, Inputs.classList(classes), err);
        Set<String> seen =
            new HashSet<>(existing == null ? Set.of() : existing.labelCounts().keySet());
        for (String c : images.classes()) {
          String why = Labels.problem(c);
          if (why == null) {
            why = Labels.confusion(c, seen);
            seen.add(Labels.nfc(c));
          }
          if (why != null && label != null) {
            throw new InvalidOptionException(
                "{label} '" + Labels.forTsv(c) + "' cannot be a gallery label: " + why);
          }
          if (why != null) {
            throw new IOException(
                "class '"
                    + Labels.forTsv(c)
                    + "' of "
                    + data
                    + " cannot be a gallery label: "
                    + why
                    + "; rename that folder (or give --label)");
          }
        }
        float[][] vectors;
        try (Embedder e = m.newEmbedder()) {
          vectors = ViewAveraging.embed(e, images, views);
        }
        List<GalleryEntry> entries = new ArrayList<>();
        for (GalleryEntry e :
            thumbnails
                ? GalleryEntry.withThumbnails(images, vectors)
                : GalleryEntry.of(images, vectors)) {
          entries.add(
              new GalleryEntry(e.label(), canonical(e.source()), e.vector(), e.thumbnail()));
        }
        Gallery g = existing;
        boolean created = false;
        if (g == null) {
          g = Galleries.create(gallery, m.fingerprint(), m.dimension(), hnsw.asOptions());
          existing = g;
          created = true;
        }
        try {
          g.add(entries);
        } catch (IOException | RuntimeException ex) {
          if (created) {
            // nothing was enrolled: do not leave an empty gallery tied to this model behind
            g.close();
            existing = null;
            if (!remote) {
              RebuildCommand.deleteTree(Galleries.folder(gallery));
            }
          }
          throw ex;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "enrolled %s of %s into %s; it now holds %s of %s%n",
                Counted.images(images.size()),
                Counted.classes(images.classes().size()),
                gallery,
                Counted.entries(g.size()),
                Counted.classes(g.labelCounts().size()));
      } finally {
        if (existing != null) {
          existing.close();
        }
      }
    }
    return Main.OK;
  }

  /**
   * An image file's path as an absolute, normalised path, so {@code gallery rebuild} finds it from
   * any folder; other sources ({@code FILE#INDEX} of an IDX file) as they are.
   */
  static String canonical(String source) {
    if (source == null || source.isEmpty()) {
      return source;
    }
    try {
      Path p = Path.of(source);
      return Files.isRegularFile(p) ? p.toAbsolutePath().normalize().toString() : source;
    } catch (InvalidPathException e) {
      return source;
    }
  }
}
