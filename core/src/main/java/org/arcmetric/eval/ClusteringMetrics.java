package org.arcmetric.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Agreement between two labellings of the same points (classes U, clusters V), in nats:
 *
 * <ul>
 *   <li>{@code nmi} = MI(U, V) / mean(H(U), H(V)) (arithmetic mean, scikit-learn's default);
 *   <li>{@code ami} = (MI − E[MI]) / (mean(H(U), H(V)) − E[MI]), where E[MI] is the expected mutual
 *       information of random labellings with the same cluster sizes, by the hypergeometric model
 *       of Vinh, Epps and Bailey (JMLR 2010). 1 for identical partitions, about 0 for chance.
 * </ul>
 *
 * Both are 1 when both labellings put everything in one cluster. Stateless and thread-safe.
 *
 * @param nmi normalised mutual information
 * @param ami adjusted mutual information
 */
public record ClusteringMetrics(double nmi, double ami) {

  public static ClusteringMetrics of(int[] u, int[] v) {
    if (u.length != v.length || u.length == 0) {
      throw new IllegalArgumentException("two labellings of the same non-empty set are needed");
    }
    int n = u.length;
    int[] a = sizes(u);
    int[] b = sizes(v);
    Map<Long, Integer> joint = new HashMap<>();
    int[] ui = dense(u);
    int[] vi = dense(v);
    for (int i = 0; i < n; i++) {
      joint.merge(((long) ui[i] << 32) | vi[i], 1, Integer::sum);
    }
    double mi = 0;
    for (Map.Entry<Long, Integer> e : joint.entrySet()) {
      int i = (int) (e.getKey() >>> 32);
      int j = (int) (long) e.getKey();
      double nij = e.getValue();
      mi += nij / n * Math.log(n * nij / ((double) a[i] * b[j]));
    }
    double hu = entropy(a, n);
    double hv = entropy(b, n);
    if (a.length == 1 && b.length == 1 || hu == 0 && hv == 0) {
      return new ClusteringMetrics(1, 1);
    }
    double mean = (hu + hv) / 2;
    double nmi = mi / mean;
    double emi = expectedMutualInformation(a, b, n);
    double denominator = mean - emi;
    double ami = Math.abs(denominator) < 1e-15 ? 0 : (mi - emi) / denominator;
    return new ClusteringMetrics(nmi, ami);
  }

  /** E[MI] for cluster sizes {@code a} and {@code b} of n points (Vinh et al. 2010, eq. 24a). */
  static double expectedMutualInformation(int[] a, int[] b, int n) {
    double[] logFact = new double[n + 1];
    for (int i = 2; i <= n; i++) {
      logFact[i] = logFact[i - 1] + Math.log(i);
    }
    double emi = 0;
    for (int ai : a) {
      for (int bj : b) {
        int lo = Math.max(1, ai + bj - n);
        int hi = Math.min(ai, bj);
        for (int nij = lo; nij <= hi; nij++) {
          double term = (double) nij / n * Math.log((double) n * nij / ((double) ai * bj));
          double logP =
              logFact[ai]
                  + logFact[bj]
                  + logFact[n - ai]
                  + logFact[n - bj]
                  - logFact[n]
                  - logFact[nij]
                  - logFact[ai - nij]
                  - logFact[bj - nij]
                  - logFact[n - ai - bj + nij];
          emi += term * Math.exp(logP);
        }
      }
    }
    return emi;
  }

  private static double entropy(int[] sizes, int n) {
    double h = 0;
    for (int s : sizes) {
      if (s > 0) {
        double p = (double) s / n;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  private static int[] dense(int[] labels) {
    Map<Integer, Integer> index = new HashMap<>();
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = index.computeIfAbsent(labels[i], l -> index.size());
    }
    return out;
  }

  private static int[] sizes(int[] labels) {
    int[] d = dense(labels);
    int k = 0;
    for (int x : d) {
      k = Math.max(k, x + 1);
    }
    int[] s = new int[k];
    for (int x : d) {
      s[x]++;
    }
    return s;
  }
}
