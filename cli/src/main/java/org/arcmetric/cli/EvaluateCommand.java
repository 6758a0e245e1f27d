package org.arcmetric.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.arcmetric.classify.CalibrationCheck;
import org.arcmetric.classify.Classifier;
import org.arcmetric.eval.ClassAccuracy;
import org.arcmetric.eval.ConfusionMatrix;
import org.arcmetric.eval.EmbeddedSet;
import org.arcmetric.eval.EvalReport;
import org.arcmetric.eval.FewShotProtocol;
import org.arcmetric.eval.MetricRows;
import org.arcmetric.eval.MetricSuite;
import org.arcmetric.eval.MetricsJson;
import org.arcmetric.eval.Protocol;
import org.arcmetric.eval.RetrievalMetrics;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.model.ModelFolder;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric evaluate}: scores a labelled data set against a gallery, by protocol. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    header = "Classify and retrieve a labelled data set against a gallery and report every metric.",
    description = {
      "Classify and retrieve a labelled data set against a gallery and report every metric:",
      "accuracy (top-1, top-5, per class, confusion), retrieval (P@1, R-precision, MAP@R,",
      "Recall@K), clustering (NMI, AMI), verification (ROC AUC, EER, TAR@FAR) and, when some",
      "queries' classes are not in the gallery, open set (AUROC, known accuracy / unknown",
      "rejection). Protocols, all seeded:",
      "  (none)       the gallery as it is against the queries",
      "  closed       only the model's training classes, in gallery and queries",
      "  new-classes  the trained classes' entries plus --shots images of each class the model",
      "               never saw, drawn --repeats times; accuracy on new, trained and all classes",
      "  open-set     the trained classes in the gallery; the other classes' queries should be",
      "               rejected (threshold: --threshold, or the known/unknown EER threshold)",
      "A --gallery calibrated with 'gallery calibrate' is also checked as predict uses it: the",
      "false-accept rate observed on the queries against the target, known accuracy and unknown",
      "rejection (calibrate and evaluate on different images, e.g. SPEC@1/2 and SPEC@2/2)."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ClassifyOptions classify;
  @Mixin EvalInputs inputs;

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      description = "closed, new-classes or open-set (default: none).")
  String protocol;

  @Option(
      names = "--shots",
      defaultValue = "1,5,10",
      paramLabel = "K1,K2,...",
      description = "new-classes: images enrolled per new class (default: ${DEFAULT-VALUE}).")
  String shots;

  @Option(
      names = "--repeats",
      defaultValue = "5",
      description = "new-classes: random draws per shot count (default: ${DEFAULT-VALUE}).")
  int repeats;

  @ArgGroup(exclusive = true, multiplicity = "1")
  EvalInputs.ReferenceOrNone reference;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Print JSON to stdout.")
  boolean json;

  @Option(
      names = "--no-calibration",
      description = "Do not check the --gallery's stored calibration against the queries.")
  boolean noCalibration;

  @Override
  public Integer call() throws Exception {
    boolean leaveOneOut = reference.leaveOneOut;
    inputs.use(reference);
    Protocol p = Protocol.parse(protocol);
    int[] shotCounts = parseShots(shots);
    MetricSuite.Options options = classify.suiteOptions(seed);
    var out = spec.commandLine().getOut();
    if (leaveOneOut && p != Protocol.NONE) {
      throw new IllegalArgumentException("--leave-one-out and --protocol do not go together");
    }
    EvalInputs.Loaded in = inputs.load(spec.commandLine().getErr(), leaveOneOut);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("protocol", leaveOneOut ? "leave-one-out" : p.cliName());
    if (!leaveOneOut && p != Protocol.NEW_CLASSES) {
      // the one unknown score (the classifier's cosine); the other scores moved to research/
      result.put("unknown_score", "similarity");
    }
    if (in.features() != null) {
      result.put("features", in.features().label());
      if (in.features().whitened()) {
        result.put("zca_shrinkage", in.features().shrinkage());
        result.put("zca_between_weight", in.features().betweenWeight());
      }
    }
    Outcome model =
        leaveOneOut
            ? leaveOneOut(in.queries(), options)
            : compute(p, in.reference(), in.queries(), in.trainedClasses(), options, shotCounts);
    Checked checked = null;
    if (!leaveOneOut && p != Protocol.NEW_CLASSES) {
      checked = calibration(in, p.queries(in.queries(), in.trainedClasses()));
    }
    // The same protocol, gallery and queries on raw pixels: is the model worth more than no model?
    MetricSuite.Options raw = options.withoutThreshold();
    Outcome baseline = null;
    String baselineMissing = in.baselineMissing();
    if (in.baselineQueries() != null && baselineMissing == null) {
      baseline =
          leaveOneOut
              ? leaveOneOut(in.baselineQueries(), raw)
              : compute(
                  p,
                  in.baselineReference(),
                  in.baselineQueries(),
                  in.trainedClasses(),
                  raw,
                  shotCounts);
    }
    result.putAll(model.json());
    if (checked != null) {
      result.put("calibration", checked.toJson());
    }
    if (baseline != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", "pixels");
      b.putAll(baseline.json());
      result.put("baseline", b);
    } else {
      result.put("baseline", null);
      result.put("baseline_missing", baselineMissing);
    }
    if (json) {
      out.println(ModelFolder.JSON.writeValueAsString(result));
      return Main.OK;
    }
    model.print().accept(out);
    if (checked != null) {
      checked.print(out);
    }
    out.println();
    if (baseline != null) {
      out.println(
          "baseline: raw pixels (each image at the model's input size, minus its mean,"
              + " L2-normalised), same gallery and queries, no threshold:");
      baseline.print().accept(out);
    } else {
      out.println("baseline: not computed (" + baselineMissing + ")");
    }
    return Main.OK;
  }

  /** One protocol's result: its JSON keys and its text. */
  private record Outcome(Map<String, Object> json, Consumer<PrintWriter> print) {}

  private Outcome compute(
      Protocol p,
      EmbeddedSet reference,
      EmbeddedSet allQueries,
      List<String> trained,
      MetricSuite.Options options,
      int[] shotCounts) {
    Protocol.Result r =
        p.run(
            reference, allQueries, trained, options, new Protocol.Draws(shotCounts, repeats, seed));
    Map<String, Object> result = new LinkedHashMap<>();
    if (r.fewShot() != null) {
      result.put("mode", options.mode().name().toLowerCase(Locale.ROOT));
      if (options.mode() == Classifier.Mode.KNN) {
        result.put("knn_prior", options.prior().label());
      }
      result.put("trained_classes", r.trainedClasses());
      result.put("new_classes", r.newClasses());
      result.put("rows", MetricsJson.fewShot(r.fewShot()));
      return new Outcome(result, w -> printFewShot(w, r.newClasses(), options, r.fewShot()));
    }
    result.putAll(MetricsJson.suite(r.suite()));
    return new Outcome(result, w -> print(w, r.suite()));
  }

  /** A stored calibration and how it did on the queries. */
  private record Checked(Calibration calibration, CalibrationCheck check) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", calibration.method());
      m.put("target_far", Double.isNaN(calibration.targetFar()) ? null : calibration.targetFar());
      m.put("mode", calibration.mode());
      m.put("k", calibration.k());
      if ("knn".equals(calibration.mode())) {
        m.put("knn_prior", calibration.prior().label());
      }
      m.put("global_threshold", calibration.global());
      m.put("classes_with_own_threshold", calibration.perClass().size());
      m.put("queries", check.queries());
      m.put("genuine", check.genuine());
      m.put("impostors", check.impostors());
      m.put("observed_far", check.observedFar());
      m.put("genuine_accept_rate", check.genuineAcceptRate());
      m.put("known_accuracy", check.knownAccuracy());
      m.put("unknown_queries", check.unknownQueries());
      m.put("unknown_rejection", check.unknownRejection());
      return m;
    }

    void print(PrintWriter out) {
      out.printf(
          Locale.ROOT,
          "calibration (%s, %s): observed FAR %.4f on %d impostor answers, genuine accepted %.4f;"
              + " known accuracy %.4f, unknown rejection %s%n",
          calibration.mode(),
          Double.isNaN(calibration.targetFar())
              ? "best F1"
              : "target FAR " + calibration.targetFar(),
          check.observedFar(),
          check.impostors(),
          check.genuineAcceptRate(),
          check.knownAccuracy(),
          check.unknownQueries() == 0
              ? "n/a (no queries of other classes)"
              : String.format(
                  Locale.ROOT,
                  "%.4f (%d queries)",
                  check.unknownRejection(),
                  check.unknownQueries()));
    }
  }

  /**
   * How the --gallery's stored calibration does on these queries, as predict would use it; null
   * without one, with --threshold or --no-calibration, or when it is stale (said on stderr).
   */
  private Checked calibration(EvalInputs.Loaded in, EmbeddedSet queries) {
    Calibration cal =
        classify
            .choose(
                in.reference().index(),
                in.calibration(),
                in.calibrationStale(),
                noCalibration,
                spec.commandLine().getErr(),
                "not evaluated")
            .calibration();
    if (cal == null) {
      return null;
    }
    return new Checked(
        cal,
        CalibrationCheck.run(
            in.reference().index(),
            cal,
            queries.vectors(),
            queries.labels(),
            new HashSet<>(in.reference().classes())));
  }

  private static Outcome leaveOneOut(EmbeddedSet q, MetricSuite.Options o) {
    RetrievalMetrics r =
        RetrievalMetrics.compute(
            q.vectors(), q.labels(), q.index(), true, RetrievalMetrics.DEFAULT_KS);
    MetricSuite.Result s =
        new MetricSuite.Result(
            null,
            List.of(),
            r,
            MetricSuite.clustering(q, o.seed()),
            MetricSuite.verification(q, o),
            null);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("images", q.size());
    result.putAll(MetricsJson.suite(s));
    return new Outcome(result, w -> print(w, s));
  }

  static int[] parseShots(String csv) {
    List<String> parts = Inputs.classList(csv);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("--shots needs at least one number, e.g. 1,5,10");
    }
    int[] out = new int[parts.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Integer.parseInt(parts.get(i));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--shots: '" + parts.get(i) + "' is not a number", e);
      }
    }
    return out;
  }

  static void printFewShot(
      PrintWriter out, List<String> fresh, MetricSuite.Options o, List<FewShotProtocol.Row> rows) {
    out.printf(
        Locale.ROOT,
        "new classes %s enrolled without retraining, %s mode, mean ± sd over %d draws%n",
        fresh,
        o.mode().name().toLowerCase(Locale.ROOT),
        rows.isEmpty() ? 0 : rows.get(0).draws());
    out.printf(
        Locale.ROOT, "%6s %18s %18s %18s%n", "shots", "new classes", "trained classes", "all");
    for (FewShotProtocol.Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%6d %9.4f ± %6.4f %9.4f ± %6.4f %9.4f ± %6.4f%n",
          r.shots(),
          r.newMean(),
          r.newSd(),
          r.trainedMean(),
          r.trainedSd(),
          r.allMean(),
          r.allSd());
    }
  }

  /** The per-class table (when there is classification), then the summary rows. */
  static void print(PrintWriter out, MetricSuite.Result s) {
    if (s.classification() != null) {
      printClassification(out, s.classification());
    }
    List<MetricRows.Row> rows = MetricRows.summary(s);
    int width = rows.stream().mapToInt(r -> r.name().length()).max().orElse(0);
    for (MetricRows.Row r : rows) {
      out.printf(Locale.ROOT, "%-" + width + "s  %s%n", r.name(), r.value());
    }
  }

  static void printClassification(PrintWriter out, EvalReport r) {
    ConfusionMatrix c = r.confusion();
    out.printf(
        Locale.ROOT,
        "%-20s %7s %9s %9s %9s%n",
        "class",
        "images",
        "accuracy",
        "precision",
        "recall");
    for (Map.Entry<String, ClassAccuracy> e : r.perClass().entrySet()) {
      out.printf(
          Locale.ROOT,
          "%-20s %7d %9.4f %9.4f %9.4f%n",
          e.getKey(),
          e.getValue().count(),
          e.getValue().accuracy(),
          c.precision(e.getKey()),
          c.recall(e.getKey()));
    }
    out.printf(Locale.ROOT, "%-20s %7d %9.4f%n", "all", r.images(), r.accuracy());
  }
}
