package org.arcmetric.cli;

import java.io.PrintWriter;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.ClassifierChoice;
import org.arcmetric.eval.MetricSuite;
import org.arcmetric.eval.Verification;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.VectorSearch;
import org.arcmetric.options.InvalidOptionException;
import picocli.CommandLine.Option;

/** How predict and evaluate turn neighbours into an answer. */
final class ClassifyOptions {
  @Option(
      names = "--mode",
      defaultValue = "centroid",
      description =
          "centroid (nearest class mean) or knn (similarity-weighted vote of --k neighbours);"
              + " default: ${DEFAULT-VALUE}, which treats few-shot classes fairly next to large"
              + " ones.")
  String mode;

  @Option(
      names = "--k",
      defaultValue = "5",
      description =
          "Neighbours that vote in knn mode; 1 = label of the closest (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--knn-prior",
      defaultValue = "uniform",
      paramLabel = "PRIOR",
      description =
          "How knn weighs classes of different sizes: uniform (each vote divided by its class's"
              + " entry count, so a class enrolled with a few images is not outvoted by one with"
              + " hundreds) or gallery (the plain vote); default: ${DEFAULT-VALUE}.")
  String knnPrior;

  @Option(
      names = "--top-k",
      defaultValue = "5",
      paramLabel = "K",
      description = "Neighbours shown per answer (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description = "Answer 'unknown' when the score is below T (cosine, -1..1; default: never).")
  Float threshold;

  /** The rule the options ask for (validated in core; messages name the fields). */
  ClassifierChoice.Rule rule() {
    InvalidOptionException.require(topK >= 0, "{topK} must not be negative");
    return new ClassifierChoice.Rule(
        Classifier.Mode.parse(mode),
        k,
        threshold == null ? Float.NEGATIVE_INFINITY : threshold,
        ClassPrior.parse(knnPrior));
  }

  /** The options of a metric run; the threshold also sets the open-set operating point. */
  MetricSuite.Options suiteOptions(long seed) {
    ClassifierChoice.Rule rule = rule();
    return new MetricSuite.Options(
        rule.mode(),
        rule.k(),
        rule.threshold(),
        topK,
        threshold == null ? Float.NaN : threshold,
        Verification.DEFAULT_MAX_PAIRS,
        seed,
        rule.prior());
  }

  /**
   * {@link ClassifierChoice#choose}: the gallery's stored calibration unless {@code off}
   * (--no-calibration) or --threshold is given, else these options' rule. When the calibration is
   * stale a warning on {@code err} says why and what the command does {@code instead}.
   *
   * @param staleWhy why the calibration no longer fits the gallery, or null
   */
  ClassifierChoice choose(
      VectorSearch search,
      Calibration stored,
      String staleWhy,
      boolean off,
      PrintWriter err,
      String instead) {
    ClassifierChoice c =
        ClassifierChoice.choose(search, stored, staleWhy, !off && threshold == null, rule());
    if (c.staleWhy() != null) {
      err.println(
          "warning: the gallery's calibration is out of date ("
              + c.staleWhy()
              + "); "
              + instead
              + ". Run 'arcmetric gallery calibrate' again");
    }
    return c;
  }
}
