package org.arcmetric.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryStats;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.Labels;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.gallery.UploadStore;
import org.arcmetric.model.ModelFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arcmetric gallery list|stats|remove|rename|calibrate|rebuild|check}. */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    description = "Inspect or change a gallery.",
    subcommands = {
      GalleryCommand.ListCommand.class,
      GalleryCommand.StatsCommand.class,
      GalleryCommand.RemoveCommand.class,
      GalleryCommand.RenameCommand.class,
      CalibrateCommand.class,
      RebuildCommand.class,
      GalleryCommand.CheckCommand.class
    })
final class GalleryCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "choose a gallery command: list, stats, remove, rename, calibrate, rebuild or check");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Labels with their entry counts.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Mixin GalleryLocation location;

    @Option(names = "--json", description = "Print JSON to stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      try (Gallery g = Galleries.open(location.gallery)) {
        Map<String, Integer> counts = g.labelCounts();
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("entries", g.size());
          m.put("dimension", g.dimension());
          m.put("model_fingerprint", g.fingerprint());
          m.put("labels", counts);
          out.println(ModelFolder.JSON.writeValueAsString(m));
        } else {
          counts.forEach((l, c) -> out.printf("%s\t%d%n", Labels.forTsv(l), c));
          out.printf(
              "%s, %s, dimension %d, model %s%n",
              Counted.entries(g.size()),
              Counted.classes(counts.size()),
              g.dimension(),
              g.fingerprint());
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove every entry of a class, or entries by id or by source path.")
  static final class RemoveCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Mixin GalleryLocation location;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LABEL")
    String label;

    @Option(names = "--id", paramLabel = "ID", description = "Entry ids (as predict shows them).")
    List<String> ids;

    @Option(
        names = "--source",
        paramLabel = "PATH",
        description = "Source paths, as stored at enrolment.")
    List<String> sources;

    @Override
    public Integer call() throws Exception {
      int kinds = (label != null ? 1 : 0) + (ids != null ? 1 : 0) + (sources != null ? 1 : 0);
      if (kinds != 1) {
        throw new IllegalArgumentException(
            "say what to remove: a LABEL, or --id ID..., or --source PATH... (one of them)");
      }
      try (Gallery g = Galleries.open(location.gallery)) {
        int removed;
        String what;
        if (label != null) {
          removed = g.removeLabel(label);
          what = "class '" + label + "'";
          if (removed == 0) {
            throw new IOException(
                "gallery "
                    + location.gallery
                    + " has no class '"
                    + label
                    + "'; 'arcmetric gallery list' shows its classes");
          }
        } else if (ids != null) {
          removed = g.removeIds(ids);
          what = "the " + ids.size() + " ids given";
        } else {
          removed = g.removeSources(sources);
          what = "the " + sources.size() + " sources given";
        }
        if (removed == 0) {
          throw new IOException(
              "gallery "
                  + location.gallery
                  + " has no entries of "
                  + what
                  + "; 'arcmetric gallery list' shows its classes");
        }
        spec.commandLine()
            .getOut()
            .printf("removed %d entries of %s; %d entries remain%n", removed, what, g.size());
      }
      return Main.OK;
    }
  }

  @Command(
      name = "rename",
      mixinStandardHelpOptions = true,
      description = "Rename a class (its entries keep their ids, sources and vectors).")
  static final class RenameCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Mixin GalleryLocation location;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Override
    public Integer call() throws Exception {
      try (Gallery g = Galleries.open(location.gallery)) {
        int n = g.renameLabel(from, to);
        if (n == 0) {
          throw new IOException(
              "gallery "
                  + location.gallery
                  + " has no class '"
                  + from
                  + "'; 'arcmetric gallery list' shows"
                  + " its classes");
        }
        spec.commandLine()
            .getOut()
            .printf(
                "renamed %d entries from '%s' to '%s'%n",
                n, Labels.forTsv(from), Labels.forTsv(to));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = "Entries, classes, dimension, model fingerprint and size on disk.")
  static final class StatsCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Mixin GalleryLocation location;

    @Option(names = "--json", description = "Print JSON to stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      try (Gallery g = Galleries.open(location.gallery)) {
        GalleryStats st = g.stats();
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("path", st.location());
          m.put("entries", st.entries());
          m.put("classes", st.classes());
          m.put("dimension", st.dimension());
          m.put("model_fingerprint", st.modelFingerprint());
          m.put("bytes_on_disk", st.bytesOnDisk() < 0 ? null : st.bytesOnDisk());
          // the engine's own options; "hnsw" as before for the engines built on HNSW
          HnswOptions hnsw = hnsw(g);
          if (hnsw != null) {
            m.put("hnsw", hnsw);
          }
          m.put("engine_options", g.engineOptions());
          m.put("calibration", g.calibration());
          if (g.calibration() != null) {
            m.put("calibration_stale", g.calibration().staleFor(st));
          }
          out.println(ModelFolder.JSON.writeValueAsString(m));
        } else {
          out.printf(
              "gallery %s: %s of %s, dimension %d, %s, model %s%n",
              st.location(),
              Counted.entries(st.entries()),
              Counted.classes(st.classes()),
              st.dimension(),
              st.bytesOnDisk() < 0
                  ? "size on disk not known (a remote gallery)"
                  : String.format("%,d bytes on disk", st.bytesOnDisk()),
              st.modelFingerprint());
          HnswOptions hnsw = hnsw(g);
          if (hnsw != null) {
            out.printf(
                "HNSW: M %d, beam width %d%s%n",
                hnsw.maxConn(), hnsw.beamWidth(), hnsw.int8() ? ", int8 vectors" : "");
          } else if (!g.engineOptions().isEmpty()) {
            out.println("engine options: " + g.engineOptions());
          }
          var c = g.calibration();
          if (c == null) {
            out.println("not calibrated ('arcmetric gallery calibrate' sets unknown thresholds)");
          } else {
            String stale = c.staleFor(st);
            out.printf(
                Locale.ROOT,
                "calibrated (%s%s, %s mode): global threshold %.4f, %d classes with their own%s%n",
                c.method(),
                Double.isNaN(c.targetFar()) ? "" : " " + c.targetFar(),
                c.mode(),
                c.global(),
                c.perClass().size(),
                stale == null ? "" : "; STALE: " + stale);
          }
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Verify a gallery: every file of a folder with Lucene's CheckIndex; a SolrCloud"
              + " gallery's class sums against its entries.")
  static final class CheckCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Mixin GalleryLocation location;

    @Option(
        names = "--repair",
        description =
            "Rebuild what the check finds inconsistent from the entries (a SolrCloud gallery's"
                + " class sums; a folder's uploaded images no entry refers to any longer); a"
                + " damaged folder cannot be repaired in place.")
    boolean repair;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      try (Gallery g = Galleries.open(location.gallery)) {
        g.size(); // opens the last commit: refuses folders that are not galleries
        String problem = g.check();
        if (problem == null && repair && g instanceof LuceneGallery lg) {
          // what a killed enrolment or removal left in uploads/
          UploadStore.Swept swept = lg.removeOrphanedUploads();
          out.printf(
              "removed %d upload files no entry refers to (%d bytes)%n",
              swept.files(), swept.bytes());
        }
        if (problem != null && repair && Galleries.isRemote(location.gallery)) {
          List<String> fixed = g.repair();
          out.printf("repaired the class sums of %d classes%n", fixed.size());
          problem = g.check();
        }
        if (problem != null) {
          throw new IOException(
              "gallery "
                  + location.gallery
                  + " is damaged: "
                  + problem
                  + (Galleries.isRemote(location.gallery)
                      ? ". 'arcmetric gallery check --repair' recomputes the class sums from the"
                          + " entries"
                      : ". Enrol the images again into a new gallery folder, or re-create it from a"
                          + " backup copy with 'arcmetric gallery rebuild --gallery BACKUP --out"
                          + " NEW'"));
        }
      }
      out.println("gallery " + location.gallery + " is intact");
      return Main.OK;
    }
  }

  /** The gallery's HNSW options when its engine is built on HNSW, else null. */
  static HnswOptions hnsw(Gallery g) {
    Map<String, String> o = g.engineOptions();
    return o.containsKey(HnswOptions.KEY_M) ? HnswOptions.fromOptions(o) : null;
  }
}
