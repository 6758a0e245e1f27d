package org.arcmetric.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
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
      "new gallery folder, keeping labels and sources. Entries whose source cannot be read are",
      "listed on stderr and counted, never dropped silently; the old gallery is not changed."
    })
final class RebuildCommand implements Callable<Integer> {
  static final int CHUNK = 1024;

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  Path model;

  @Option(names = "--gallery", required = true, paramLabel = "OLD_GALLERY")
  Path gallery;

  @Option(names = "--out", required = true, paramLabel = "NEW_GALLERY")
  Path out;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where IDX sources (FILE#INDEX) may be found, besides the usual places.")
  List<Path> dataDirs;

  @Override
  public Integer call() throws Exception {
    if (out.toAbsolutePath().normalize().equals(gallery.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--out must be a new folder, not the old gallery");
    }
    var err = spec.commandLine().getErr();
    List<Path> dirs = new ArrayList<>(dataDirs == null ? List.of() : dataDirs);
    SourceImages images = SourceImages.forSpecs();
    SourceImages resolver = new SourceImages(concat(dirs, images));
    ExactIndex old;
    try (Gallery g = Gallery.open(gallery)) {
      old = g.snapshot();
    }
    int missing = 0;
    int done = 0;
    try (EmbeddingModel m = EmbeddingModel.load(model);
        Embedder e = m.newEmbedder();
        Gallery fresh = Gallery.create(out, m.fingerprint(), m.dimension())) {
      for (int start = 0; start < old.size(); start += CHUNK) {
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = start; i < Math.min(old.size(), start + CHUNK); i++) {
          BufferedImage img = resolver.read(old.source(i));
          if (img == null) {
            missing++;
            err.println(
                "cannot read the source of entry "
                    + old.id(i)
                    + " ("
                    + old.label(i)
                    + "): "
                    + (old.source(i) == null || old.source(i).isEmpty()
                        ? "no source stored"
                        : old.source(i)));
          } else {
            pixels.add(ImageDecoder.toPixels(img, m.inputShape()));
            rows.add(i);
          }
        }
        float[][] vectors = e.embed(pixels);
        List<GalleryEntry> entries = new ArrayList<>();
        for (int j = 0; j < rows.size(); j++) {
          int i = rows.get(j);
          entries.add(new GalleryEntry(old.label(i), old.source(i), vectors[j]));
        }
        fresh.add(entries);
        done += entries.size();
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
    }
    return missing == 0 ? Main.OK : Main.FAILURE;
  }

  private static List<Path> concat(List<Path> first, SourceImages defaults) {
    List<Path> all = new ArrayList<>(first);
    all.addAll(defaults.dirs());
    return all;
  }
}
