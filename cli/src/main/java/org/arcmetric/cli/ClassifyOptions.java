package org.arcmetric.cli;

import java.io.PrintWriter;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.Classifier;
import org.arcmetric.gallery.VectorSearch;
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

  /** The options of a metric run; the threshold also sets the open-set operating point. */
  org.arcmetric.eval.MetricSuite.Options suiteOptions(long seed) {
    classifier(org.arcmetric.gallery.ExactIndex.of(java.util.List.of(), new float[0][])); // checks
    float t = threshold == null ? Float.NEGATIVE_INFINITY : threshold;
    return new org.arcmetric.eval.MetricSuite.Options(
        Classifier.Mode.parse(mode),
        k,
        t,
        topK,
        threshold == null ? Float.NaN : threshold,
        org.arcmetric.eval.Verification.DEFAULT_MAX_PAIRS,
        seed);
  }

  /**
   * The gallery's stored calibration, or null when there is none, when {@code off}
   * (--no-calibration) or --threshold is given, or when it is stale: then a warning on {@code err}
   * says why and what the command does {@code instead}.
   *
   * @param staleWhy why the calibration no longer fits the gallery, or null
   */
  Calibration calibrationToUse(
      Calibration stored, String staleWhy, boolean off, PrintWriter err, String instead) {
    if (stored == null || off || threshold != null) {
      return null;
    }
    if (staleWhy != null) {
      err.println(
          "warning: the gallery's calibration is out of date ("
              + staleWhy
              + "); "
              + instead
              + ". Run 'arcmetric gallery calibrate' again");
      return null;
    }
    return stored;
  }

  Classifier classifier(VectorSearch gallery) {
    if (k < 1) {
      throw new IllegalArgumentException("--k must be at least 1, got " + k);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("--top-k must not be negative");
    }
    if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "--threshold is a cosine similarity in [-1, 1], got " + threshold);
    }
    return Classifier.of(
        Classifier.Mode.parse(mode),
        gallery,
        k,
        threshold == null ? Float.NEGATIVE_INFINITY : threshold);
  }
}
