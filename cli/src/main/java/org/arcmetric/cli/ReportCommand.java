package org.arcmetric.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageSet;
import org.arcmetric.eval.MetricSuite;
import org.arcmetric.plot.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric report}: one HTML page with the model, every metric and every picture. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header =
        "Write an HTML report of a model and a gallery on labelled images: metrics and pictures.",
    description = {
      "Write DIR/index.html: the model summary, the metrics of evaluate, the new-class table",
      "(when the queries hold classes the model was not trained on and the gallery has images",
      "of them), training curves, PCA and t-SNE of the queries, the unit circle or sphere for",
      "2- or 3-dimensional embeddings, the confusion matrix, ROC curves, similarity histograms",
      "and a nearest-neighbour grid. Pictures are PNG files beside the page; metrics.json too."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ClassifyOptions classify;
  @Mixin EvalInputs inputs;

  @ArgGroup(exclusive = true, multiplicity = "1")
  EvalInputs.Reference reference;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Option(
      names = "--tsne-points",
      defaultValue = "2000",
      description = "t-SNE samples down to this many queries (default: ${DEFAULT-VALUE}).")
  int tsnePoints;

  @Option(
      names = "--grid-queries",
      defaultValue = "12",
      description = "Queries in the neighbour grid (default: ${DEFAULT-VALUE}).")
  int gridQueries;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (tsnePoints < 4) {
      throw new IllegalArgumentException("--tsne-points must be at least 4");
    }
    DemoCommand.requireReplaceable(out, "report"); // a root, a file, or others' files: refused
    var err = spec.commandLine().getErr();
    EvalInputs.Loaded in = inputs.use(reference).load(err);
    DemoCommand.prepareOut(out, "report"); // an earlier report's files are replaced
    ReportWriter.Output o =
        write(in, inputs, classify.suiteOptions(seed), tsnePoints, gridQueries, out);
    for (String n : o.notes()) {
      err.println("note: " + n);
    }
    spec.commandLine().getOut().println("report written to " + o.index());
    return Main.OK;
  }

  /** Writes the report of {@code in} into {@code dir} (also used by the demo). */
  static ReportWriter.Output write(
      EvalInputs.Loaded in,
      EvalInputs inputs,
      MetricSuite.Options options,
      int tsnePoints,
      int gridQueries,
      Path dir)
      throws IOException {
    ImageSet queries = in.queryImages();
    ImageSet galleryImages = in.galleryImages();
    SourceImages sources = SourceImages.forSpecs(inputs.data, inputs.galleryData);
    return ReportWriter.write(
        new ReportWriter.Input(
            in.info(),
            inputs.model,
            inputs.gallery != null ? inputs.gallery.toString() : inputs.galleryData,
            inputs.data,
            in.reference(),
            in.queries(),
            options,
            i -> ImageDecoder.toImage(queries.pixels(i), queries.shape()),
            nb ->
                galleryImages != null
                    ? ImageDecoder.toImage(
                        galleryImages.pixels(Integer.parseInt(nb.id())), galleryImages.shape())
                    : sources.read(nb.source()),
            tsnePoints,
            gridQueries,
            in.baselineReference(),
            in.baselineQueries()),
        dir);
  }
}
