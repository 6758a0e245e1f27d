package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Open-set recognition: some queries belong to classes that are not in the gallery and should be
 * answered {@code unknown}. Each query's score is its best similarity to the gallery (what the
 * classifier's threshold is compared with).
 *
 * <ul>
 *   <li>{@code open_set_auroc}: the area under the ROC of "known" (positive) against "unknown" by
 *       that score — the chance that a random known query outscores a random unknown one;
 *   <li>at a threshold t: the known-class accuracy (answered, and right) and the unknown rejection
 *       rate (score &lt; t), and the {@link #tradeOff} of both over thresholds.
 * </ul>
 *
 * @param roc known-vs-unknown curve (TAR = known queries accepted, FAR = unknown ones accepted)
 * @param threshold the threshold the two rates below are measured at
 * @param knownAccuracy known queries accepted and classified right / known queries
 * @param unknownRejection unknown queries with score below the threshold / unknown queries
 * @param tradeOff the two rates at evenly spaced thresholds across the scores
 */
public record OpenSetMetrics(
    Roc roc,
    double threshold,
    double knownAccuracy,
    double unknownRejection,
    List<Operating> tradeOff) {

  /** The rates at one threshold. */
  public record Operating(double threshold, double knownAccuracy, double unknownRejection) {}

  /**
   * @param knownScores best gallery similarity of each known-class query
   * @param knownCorrect whether each known-class query's best class is its own
   * @param unknownScores best gallery similarity of each unknown-class query
   * @param threshold the operating threshold to report
   */
  public static OpenSetMetrics of(
      float[] knownScores, boolean[] knownCorrect, float[] unknownScores, double threshold) {
    if (knownScores.length != knownCorrect.length) {
      throw new IllegalArgumentException("one correctness flag per known query is needed");
    }
    float[] all = new float[knownScores.length + unknownScores.length];
    boolean[] known = new boolean[all.length];
    System.arraycopy(knownScores, 0, all, 0, knownScores.length);
    System.arraycopy(unknownScores, 0, all, knownScores.length, unknownScores.length);
    Arrays.fill(known, 0, knownScores.length, true);
    Roc roc = Roc.of(all, known);
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float s : all) {
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    List<Operating> curve = new ArrayList<>();
    int steps = 50;
    for (int i = 0; i <= steps; i++) {
      double t = lo + (hi - lo) * i / steps;
      curve.add(at(knownScores, knownCorrect, unknownScores, t));
    }
    Operating op = at(knownScores, knownCorrect, unknownScores, threshold);
    return new OpenSetMetrics(
        roc, threshold, op.knownAccuracy(), op.unknownRejection(), List.copyOf(curve));
  }

  static Operating at(float[] knownScores, boolean[] correct, float[] unknownScores, double t) {
    int right = 0;
    for (int i = 0; i < knownScores.length; i++) {
      if (knownScores[i] >= t && correct[i]) {
        right++;
      }
    }
    int rejected = 0;
    for (float s : unknownScores) {
      if (s < t) {
        rejected++;
      }
    }
    return new Operating(
        t,
        knownScores.length == 0 ? 0 : (double) right / knownScores.length,
        unknownScores.length == 0 ? 0 : (double) rejected / unknownScores.length);
  }
}
