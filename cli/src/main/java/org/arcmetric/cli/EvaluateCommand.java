package org.arcmetric.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.eval.ClassAccuracy;
import org.arcmetric.eval.EvalReport;
import org.arcmetric.eval.Evaluation;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.model.ModelFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric evaluate}: predicts a labelled data set and reports accuracy. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Predict every image of a labelled data set through the gallery and report accuracy.")
final class EvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ClassifyOptions classify;

  @Mixin ModelGalleryOptions folders;

  @Option(names = "--data", required = true, paramLabel = "SPEC")
  String data;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Evaluate only these classes.")
  String classes;

  @Option(names = "--skip-bad-images", description = "Skip corrupt images instead of stopping.")
  boolean skipBadImages;

  @Option(names = "--json", description = "Print JSON to stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try (EmbeddingModel m = EmbeddingModel.load(folders.model);
        Gallery g = Workspace.openGalleryFor(m, folders.model, folders.gallery)) {
      var classifier = classify.classifier(g);
      ImageSet images =
          Inputs.load(data, null, m.inputShape(), skipBadImages, Inputs.classList(classes), err);
      float[][] vectors;
      try (Embedder e = m.newEmbedder()) {
        vectors = e.embed(images);
      }
      EvalReport r = Evaluation.evaluate(classifier, vectors, images.labels());
      if (json) {
        out.println(ModelFolder.JSON.writeValueAsString(toJson(r)));
      } else {
        print(out, r);
      }
    }
    return Main.OK;
  }

  static Map<String, Object> toJson(EvalReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", r.images());
    m.put("accuracy", r.accuracy());
    m.put("top5_accuracy", r.top5Accuracy());
    m.put("unknown", r.unknown());
    Map<String, Object> per = new LinkedHashMap<>();
    r.perClass()
        .forEach((l, c) -> per.put(l, Map.of("count", c.count(), "accuracy", c.accuracy())));
    m.put("per_class", per);
    return m;
  }

  static void print(java.io.PrintWriter out, EvalReport r) {
    out.printf(Locale.ROOT, "%-20s %7s %9s%n", "class", "images", "accuracy");
    for (Map.Entry<String, ClassAccuracy> e : r.perClass().entrySet()) {
      out.printf(
          Locale.ROOT,
          "%-20s %7d %9.4f%n",
          e.getKey(),
          e.getValue().count(),
          e.getValue().accuracy());
    }
    out.printf(Locale.ROOT, "%-20s %7d %9.4f%n", "all", r.images(), r.accuracy());
    out.printf(
        Locale.ROOT, "top-5 accuracy %.4f, unknown answers %d%n", r.top5Accuracy(), r.unknown());
  }
}
