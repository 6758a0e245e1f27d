package org.arcmetric.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.plot.EmbeddingPlot;
import org.arcmetric.plot.TrainingCurves;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric plot}: training curves and embedding pictures without a gallery. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    header = "Draw a model's training curves and an embedding of images (PCA, t-SNE) as PNGs.",
    description = {
      "Draw PNGs into --out: the training curves from the model's train-log.jsonl, and with",
      "--data the embedding of those images (--method pca, tsne or raw; raw needs a 2- or",
      "3-dimensional embedding). Classes the model was not trained on are drawn as crosses."
    })
final class PlotCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  Path model;

  @Option(names = "--data", paramLabel = "SPEC", description = "Images whose embedding to draw.")
  String data;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Only these classes.")
  String classes;

  @Option(
      names = "--method",
      defaultValue = "pca,tsne",
      paramLabel = "M1,M2",
      description = "pca, tsne and/or raw (default: ${DEFAULT-VALUE}).")
  String methods;

  @Option(
      names = "--tsne-points",
      defaultValue = "2000",
      description = "t-SNE samples down to this many points (default: ${DEFAULT-VALUE}).")
  int tsnePoints;

  @Option(
      names = "--size",
      defaultValue = "800x600",
      paramLabel = "WxH",
      description = "Picture size in pixels (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the sampling and of t-SNE (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Override
  public Integer call() throws Exception {
    DemoCommand.requireReplaceable(out, "plot");
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    int w;
    int h;
    try {
      w = Integer.parseInt(wh[0]);
      h = Integer.parseInt(wh[1]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--size must be WIDTHxHEIGHT, e.g. 800x600", e);
    }
    if (w < 100 || h < 100 || w > 10_000 || h > 10_000) {
      throw new IllegalArgumentException("--size must be between 100x100 and 10000x10000");
    }
    List<EmbeddingPlot.Method> chosen = new ArrayList<>();
    for (String m : Inputs.classList(methods)) {
      try {
        chosen.add(EmbeddingPlot.Method.valueOf(m.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--method: unknown '" + m + "', choose pca, tsne or raw", e);
      }
    }
    var o = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    DemoCommand.prepareOut(out, "plot"); // refuses others' files; replaces an earlier plot's
    Path log = model.resolve(ModelFolder.LOG_FILE);
    if (Files.isRegularFile(log)) {
      for (Map.Entry<String, Path> e : TrainingCurves.write(log, out, w, h).entrySet()) {
        o.println(e.getKey() + ": " + e.getValue());
      }
    } else {
      err.println("no " + log + ": no training curves");
    }
    if (data == null) {
      return Main.OK;
    }
    try (EmbeddingModel m = EmbeddingModel.load(model)) {
      ImageSet images =
          Inputs.load(data, null, m.inputShape(), false, Inputs.classList(classes), err);
      float[][] vectors;
      try (Embedder e = m.newEmbedder()) {
        vectors = e.embed(images);
      }
      List<String> fresh = new ArrayList<>(images.classes());
      fresh.removeAll(m.info().classes());
      for (EmbeddingPlot.Method method : chosen) {
        EmbeddingPlot.Result r =
            EmbeddingPlot.write(
                method,
                vectors,
                images.labels(),
                fresh,
                tsnePoints,
                seed,
                w,
                h,
                out.resolve(method.name().toLowerCase(Locale.ROOT) + ".png"));
        if (r.note() != null) {
          err.println("note: " + r.note());
        }
        o.println("embedding, " + method.name().toLowerCase(Locale.ROOT) + ": " + r.file());
      }
    }
    return Main.OK;
  }
}
