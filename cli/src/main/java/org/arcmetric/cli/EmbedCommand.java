package org.arcmetric.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingExport;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.features.FeatureChoice;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.features.FeatureTap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric embed}: writes the embeddings of a data set for other tools. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    header =
        "Embed labelled images and write the vectors (NumPy, CSV or TensorBoard) for other tools.",
    description = {
      "Embed labelled images and write the vectors for other tools; the format follows --out:",
      "  X.npy   NumPy float32 (n, d) matrix, labels in X.labels.txt",
      "  X.csv   label, source, then the vector",
      "  X.tsv   TensorBoard Embedding Projector vectors, labels in metadata.tsv beside it"
    })
final class EmbedCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "SPEC")
  String data;

  @Option(names = "--label", paramLabel = "L", description = "Read a flat folder as class L.")
  String label;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Only these classes.")
  String classes;

  @Option(names = "--out", required = true, paramLabel = "FILE")
  Path out;

  @Option(names = "--skip-bad-images", description = Flags.SKIP_BAD_IMAGES_HELP)
  boolean skipBadImages;

  @Option(
      names = "--features",
      paramLabel = "TAP",
      description =
          "Write this activation of the network, untransformed, instead of the model's own"
              + " features: embedding (before any centring or whitening), pooled or stages.")
  String features;

  @Override
  public Integer call() throws Exception {
    EmbeddingExport.Format.of(out); // refuse a bad ending before loading anything
    var err = spec.commandLine().getErr();
    FeatureTap tap = null;
    if (features != null) {
      FeatureChoice f = FeatureChoice.parse(features);
      if (f.centred()) {
        throw new IllegalArgumentException(
            "--features: embed writes a plain activation (embedding, pooled or stages), not "
                + f.label()
                + ": centring and whitening are measured on a base set (evaluate --features"
                + " measures them on a gallery)");
      }
      tap = f.tap();
    }
    try (EmbeddingModel m =
        tap == null
            ? EmbeddingModel.load(model)
            : EmbeddingModel.load(model, FeatureSpec.of(tap, null))) {
      ImageSet images =
          Inputs.load(data, label, m.inputShape(), skipBadImages, Inputs.classList(classes), err);
      float[][] vectors;
      try (Embedder e = m.newEmbedder()) {
        vectors = e.embed(images);
      }
      List<String> sources = new ArrayList<>(images.size());
      for (int i = 0; i < images.size(); i++) {
        sources.add(images.source(i));
      }
      List<Path> files = EmbeddingExport.write(out, vectors, images.labels(), sources);
      var w = spec.commandLine().getOut();
      w.printf("wrote %d embeddings of dimension %d:%n", vectors.length, m.dimension());
      for (Path f : files) {
        w.println("  " + f);
      }
    }
    return Main.OK;
  }
}
