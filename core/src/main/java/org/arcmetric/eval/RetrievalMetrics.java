package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.TopK;

/**
 * Retrieval quality of an embedding, with the definitions of Musgrave, Belongie and Lim, "A Metric
 * Learning Reality Check" (ECCV 2020), as pytorch-metric-learning's accuracy calculator computes
 * them. For a query with label y, let R be the number of reference entries labelled y (the query
 * itself excluded in leave-one-out), and rank the references by similarity:
 *
 * <ul>
 *   <li>{@code precision_at_1}: the nearest reference has label y;
 *   <li>{@code r_precision}: the fraction of the first R references labelled y;
 *   <li>{@code map_at_r}: (1/R) Σ_{i ≤ R} P(i)·rel(i), where rel(i) says whether the i-th reference
 *       is labelled y and P(i) is the precision of the first i;
 *   <li>{@code recall_at_k}: at least one of the first K references is labelled y (the "Recall@K"
 *       of the deep-metric-learning papers, a hit rate).
 * </ul>
 *
 * Each is averaged over the queries; queries whose label has no reference (R = 0) cannot be scored
 * and are counted in {@code skipped}. Values are immutable.
 *
 * @param queries queries scored
 * @param skipped queries with R = 0
 * @param recallAtK K → Recall@K, K ascending
 */
public record RetrievalMetrics(
    int queries,
    int skipped,
    double precisionAt1,
    double rPrecision,
    double mapAtR,
    Map<Integer, Double> recallAtK) {

  /** The K of Recall@K reported by default. */
  public static final int[] DEFAULT_KS = {1, 2, 4, 8, 16};

  /**
   * Scores ranked neighbour labels (the oracle form, also used for hand-computed cases).
   *
   * @param queryLabels label of each query
   * @param ranked per query, the labels of at least max(R, K) nearest references, nearest first
   * @param relevant per query, R
   */
  public static RetrievalMetrics of(
      List<String> queryLabels, List<List<String>> ranked, int[] relevant, int... ks) {
    int n = queryLabels.size();
    if (ranked.size() != n || relevant.length != n) {
      throw new IllegalArgumentException("one ranking and one R per query are needed");
    }
    double[][] rows = new double[n][];
    for (int q = 0; q < n; q++) {
      rows[q] = score(queryLabels.get(q), ranked.get(q), relevant[q], ks);
    }
    return sum(rows, ks);
  }

  /**
   * One query's P@1, R-precision, AP@R and a hit flag per K, or null when R = 0.
   *
   * @param list labels of the nearest references, nearest first (at least max(R, K) of them)
   */
  static double[] score(String y, List<String> list, int r, int[] ks) {
    if (r == 0) {
      return null;
    }
    double[] out = new double[3 + ks.length];
    int hits = 0;
    double ap = 0;
    for (int i = 0; i < Math.min(r, list.size()); i++) {
      if (y.equals(list.get(i))) {
        hits++;
        ap += (double) hits / (i + 1);
      }
    }
    out[0] = !list.isEmpty() && y.equals(list.get(0)) ? 1 : 0;
    out[1] = (double) hits / r;
    out[2] = ap / r;
    for (int j = 0; j < ks.length; j++) {
      for (int i = 0; i < Math.min(ks[j], list.size()); i++) {
        if (y.equals(list.get(i))) {
          out[3 + j] = 1;
          break;
        }
      }
    }
    return out;
  }

  /** Averages the per-query rows of {@link #score}; null rows are the skipped queries. */
  private static RetrievalMetrics sum(double[][] rows, int[] ks) {
    double[] total = new double[3 + ks.length];
    int scored = 0;
    for (double[] row : rows) {
      if (row != null) {
        scored++;
        for (int j = 0; j < total.length; j++) {
          total[j] += row[j];
        }
      }
    }
    double d = Math.max(scored, 1);
    Map<Integer, Double> recallAtK = new LinkedHashMap<>();
    for (int j = 0; j < ks.length; j++) {
      recallAtK.put(ks[j], total[3 + j] / d);
    }
    return new RetrievalMetrics(
        scored, rows.length - scored, total[0] / d, total[1] / d, total[2] / d, recallAtK);
  }

  /**
   * Ranks {@code reference} for every query by exact search (in parallel) and scores the rankings.
   *
   * @param queries query embeddings; with {@code leaveOneOut} they must be the reference's own
   *     rows, in order, and each query's own row is left out of its ranking
   */
  public static RetrievalMetrics compute(
      float[][] queries,
      List<String> queryLabels,
      ExactIndex reference,
      boolean leaveOneOut,
      int... ks) {
    if (queries.length != queryLabels.size()) {
      throw new IllegalArgumentException("one label per query is needed");
    }
    if (leaveOneOut && queries.length != reference.size()) {
      throw new IllegalArgumentException("leave-one-out needs the reference's own rows as queries");
    }
    Map<String, Integer> counts = reference.labelCounts();
    int maxK = 0;
    for (int k : ks) {
      maxK = Math.max(maxK, k);
    }
    int depth = maxK;
    double[][] rows = new double[queries.length][];
    // Each query is ranked and scored on its own (in parallel), so only one ranking per thread
    // is alive at a time: R can be thousands of entries per query.
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(
            q -> {
              String y = queryLabels.get(q);
              int r = counts.getOrDefault(y, 0) - (leaveOneOut ? 1 : 0);
              int[] top =
                  TopK.select(
                      reference.scores(queries[q]),
                      Math.max(depth, Math.max(r, 1)),
                      leaveOneOut ? q : -1);
              List<String> labels = new ArrayList<>(top.length);
              for (int i : top) {
                labels.add(reference.label(i));
              }
              rows[q] = score(y, labels, r, ks);
            });
    return sum(rows, ks);
  }
}
