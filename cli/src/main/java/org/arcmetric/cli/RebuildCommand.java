package org.arcmetric.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.arcmetric.data.DecodeBudget;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.Labels;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.gallery.UploadStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric gallery rebuild}: re-embeds a gallery's entries with another model. */
@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Re-embed every entry of a gallery from its stored source image with a (new) model into a",
      "new gallery folder, keeping ids, labels, sources and thumbnails. Entries whose source",
      "cannot be read are listed on stderr and counted, never dropped silently; the old gallery",
      "is not changed."
    })
public final class RebuildCommand implements Callable<Integer> {
  static final int CHUNK = 1024;

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  Path model;

  @Option(
      names = "--gallery",
      required = true,
      paramLabel = "OLD_GALLERY",
      description = "The old gallery: a folder, or solr://HOST:PORT/solr/COLLECTION.")
  String gallery;

  @Option(names = "--out", required = true, paramLabel = "NEW_GALLERY")
  Path out;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where IDX sources (FILE#INDEX) may be found, besides the usual places.")
  List<Path> dataDirs;

  @Override
  public Integer call() throws Exception {
    boolean remote = Galleries.isRemote(gallery);
    if (!remote
        && out.toAbsolutePath().normalize().equals(Path.of(gallery).toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--out must be a new folder, not the old gallery");
    }
    DemoCommand.requireNotAFile(out);
    if (Files.isDirectory(out)) {
      try (var files = Files.list(out)) {
        if (files.findAny().isPresent()) {
          throw new IOException(out + " exists and is not empty: choose a new folder for --out");
        }
      }
    }
    var err = spec.commandLine().getErr();
    List<Path> dirs = new ArrayList<>(dataDirs == null ? List.of() : dataDirs);
    SourceImages resolver = new SourceImages(concat(dirs, SourceImages.forSpecs()));
    // a remote gallery keeps no uploads: its "upload" entries are counted as unreadable
    UploadStore oldUploads = remote ? null : new UploadStore(Galleries.folder(gallery));
    // open for reading until the end: the thumbnails are copied as the entries are rebuilt
    Gallery oldGallery = Galleries.open(gallery);
    ExactIndex old = oldGallery.snapshot();
    // Build beside --out and move it into place only when done: a failure or a kill leaves no
    // half-made gallery under the name the user asked for.
    Path building =
        out.toAbsolutePath().normalize().resolveSibling("." + out.getFileName() + ".rebuilding");
    deleteTree(building);
    int missing = 0;
    int done = 0;
    try {
      try (EmbeddingModel m = EmbeddingModel.load(model);
          Embedder e = m.newEmbedder();
          LuceneGallery fresh = LuceneGallery.create(building, m.fingerprint(), m.dimension())) {
        UploadStore newUploads = new UploadStore(building);
        int side = Math.max(m.inputShape().height(), m.inputShape().width());
        for (int start = 0; start < old.size(); start += CHUNK) {
          List<byte[]> pixels = new ArrayList<>();
          List<Integer> rows = new ArrayList<>();
          for (int i = start; i < Math.min(old.size(), start + CHUNK); i++) {
            String source = old.source(i);
            BufferedImage img = null;
            if (UploadStore.isUpload(source)) {
              byte[] bytes = oldUploads == null ? null : oldUploads.read(source);
              if (bytes != null) {
                img =
                    ImageDecoder.decode(
                        bytes, source, Integer.MAX_VALUE, Long.MAX_VALUE, DecodeBudget.NONE, side);
                newUploads.put(bytes); // the new gallery can be rebuilt in turn
              }
            } else {
              img = resolver.read(source, side);
            }
            if (img == null) {
              missing++;
              err.println(
                  "cannot read the source of entry "
                      + old.id(i)
                      + " ("
                      + Labels.forTsv(old.label(i))
                      + "): "
                      + (source == null || source.isEmpty()
                          ? "no source stored"
                          : Labels.forTsv(source)));
            } else {
              pixels.add(ImageDecoder.toPixels(img, m.inputShape()));
              rows.add(i);
            }
          }
          float[][] vectors = e.embed(pixels);
          List<GalleryEntry> entries = new ArrayList<>();
          List<String> ids = new ArrayList<>();
          for (int j = 0; j < rows.size(); j++) {
            int i = rows.get(j);
            entries.add(
                new GalleryEntry(
                    old.label(i), old.source(i), vectors[j], oldGallery.thumbnail(old.id(i))));
            ids.add(old.id(i)); // an entry keeps its id: references to it survive the new model
          }
          fresh.add(entries, ids);
          done += entries.size();
        }
      }
      if (done == 0 && old.size() > 0) {
        throw new IOException(
            "none of the "
                + old.size()
                + " entries of "
                + gallery
                + " could be rebuilt: their sources (listed above) cannot be read; relative"
                + " paths are looked up from the current folder and each --data-dir, so run"
                + " rebuild from the folder they were enrolled from or add --data-dir DIR."
                + " Nothing was written");
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.deleteIfExists(out); // an empty folder given as --out
      Files.move(building, out, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      oldGallery.close();
      deleteTree(building);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "rebuilt %d of %d entries into %s with model %s%s%n",
            done,
            old.size(),
            out,
            model,
            missing == 0
                ? ""
                : "; "
                    + missing
                    + " entries were not rebuilt: their sources (listed on"
                    + " stderr) cannot be read");
    return missing == 0 ? Main.OK : Main.FAILURE;
  }

  /** Deletes {@code p} and everything under it, if it exists. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static List<Path> concat(List<Path> first, SourceImages defaults) {
    List<Path> all = new ArrayList<>(first);
    all.addAll(defaults.dirs());
    return all;
  }
}
