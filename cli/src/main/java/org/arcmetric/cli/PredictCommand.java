package org.arcmetric.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.ClassifierChoice;
import org.arcmetric.classify.Prediction;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageFolderReader;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.Labels;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.SearchMode;
import org.arcmetric.gallery.SearchOptions;
import org.arcmetric.gallery.VectorSearch;
import org.arcmetric.model.ModelFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arcmetric predict}: labels images by their nearest gallery embeddings. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Predict the class of images from their nearest gallery embeddings.")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ClassifyOptions classify;

  @Mixin ModelGalleryOptions folders;

  @Option(names = "--json", description = "Print JSON to stdout.")
  boolean json;

  @Option(
      names = "--search",
      defaultValue = "auto",
      description =
          "exact, approximate (HNSW) or auto: exact up to 50,000 entries (default: ${DEFAULT-VALUE}).")
  String search;

  @Option(
      names = "--candidates",
      defaultValue = "100",
      description = "HNSW candidates searched, efSearch (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = "--no-calibration",
      description = "Ignore the gallery's calibrated thresholds (see 'gallery calibrate').")
  boolean noCalibration;

  @Option(
      names = "--skip-bad-images",
      description = "Skip files that are not images or are corrupt, instead of stopping.")
  boolean skipBadImages;

  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE",
      description = "Image files (PNG, JPEG, GIF, BMP, TIFF), or folders of them.")
  List<Path> images;

  @Override
  public Integer call() throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path p : images) {
      if (Files.isDirectory(p)) {
        // a folder: every image directly in it, in name order
        int before = files.size();
        String unreadable = null;
        try (var list = Files.list(p)) {
          for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
            byte[] head = ImageDecoder.head(f);
            if (ImageDecoder.sniff(head).isPresent()) {
              files.add(f);
            } else if (unreadable == null) {
              unreadable = ImageDecoder.unreadableFormat(head).map(u -> f + ": " + u).orElse(null);
            }
          }
        }
        if (files.size() == before) {
          throw new IOException(
              p
                  + ": a folder with no "
                  + ImageDecoder.READABLE
                  + " image in it"
                  + (unreadable == null ? "" : " (" + unreadable + ")"));
        }
        continue;
      }
      if (!Files.exists(p)) {
        throw new IOException(p + ": no such file or folder");
      }
      byte[] head = ImageDecoder.head(p);
      if (ImageDecoder.sniff(head).isEmpty()) {
        if (skipBadImages) {
          spec.commandLine().getErr().println("skipped (not an image): " + p);
          continue;
        }
        throw new IOException(
            p
                + ": "
                + ImageDecoder.unreadableFormat(head)
                    .orElse("not an image (" + ImageDecoder.READABLE + " expected)")
                + "; --skip-bad-images skips such files");
      }
      files.add(p);
    }
    if (files.isEmpty()) {
      throw new IOException("no image to predict");
    }
    try (EmbeddingModel m = EmbeddingModel.load(folders.model);
        Gallery g = Workspace.openGalleryFor(m, folders.model, folders.gallery)) {
      SearchOptions options = searchOptions();
      VectorSearch searcher = g.searcher(options);
      ClassifierChoice choice =
          classify.choose(
              searcher,
              g.calibration(),
              g.calibrationStaleness(),
              noCalibration,
              spec.commandLine().getErr(),
              "answering without it");
      Calibration cal = choice.calibration();
      Classifier c = choice.classifier();
      var loaded = new ImageFolderReader(m.inputShape(), skipBadImages, 2).readFiles(files);
      for (String bad : loaded.report().badImages()) {
        spec.commandLine().getErr().println("skipped unreadable image: " + bad);
      }
      ImageSet set = loaded.images();
      float[][] vectors;
      try (Embedder e = m.newEmbedder()) {
        vectors = e.embed(set);
      }
      List<Map<String, Object>> results = new ArrayList<>();
      var out = spec.commandLine().getOut();
      for (int i = 0; i < set.size(); i++) {
        Prediction p = c.classify(vectors[i], classify.topK);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("image", set.source(i));
        r.putAll(p.toMap(cal, true));
        r.put("decided_by", choice.answering().toMap());
        String best = p.candidates().isEmpty() ? null : p.candidates().get(0);
        results.add(r);
        if (!json) {
          out.printf(
              Locale.ROOT,
              "%s\t%s\t%.4f%s\t%s%n",
              Labels.forTsv(set.source(i)),
              p.unknown() ? Labels.RESERVED : Labels.forTsv(p.label()),
              p.score(),
              cal == null || best == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "\tthreshold %.4f, est. FAR %.4f",
                      cal.thresholdFor(best),
                      cal.estimatedFar(p.score())),
              neighbours(p.neighbours()));
        }
      }
      if (json) {
        out.println(ModelFolder.JSON.writeValueAsString(Map.of("predictions", results)));
      }
    }
    return Main.OK;
  }

  private SearchOptions searchOptions() {
    SearchMode mode;
    try {
      mode = SearchMode.valueOf(search.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--search: unknown '" + search + "', choose exact, approximate or auto", e);
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("--candidates must be at least 1, got " + candidates);
    }
    return new SearchOptions(mode, candidates);
  }

  private static String neighbours(List<Neighbour> ns) {
    StringBuilder sb = new StringBuilder();
    for (Neighbour n : ns) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(Labels.forTsv(n.label())).append(String.format(Locale.ROOT, " %.3f", n.score()));
    }
    return sb.toString();
  }
}
