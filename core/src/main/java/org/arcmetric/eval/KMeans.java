package org.arcmetric.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii 2007), squared Euclidean
 * distance, seeded and therefore repeatable. Used to judge how well an embedding clusters by class
 * ({@link ClusteringMetrics}). Stateless and thread-safe.
 */
public final class KMeans {
  private KMeans() {}

  /**
   * @param points n × d
   * @param k clusters wanted (at most n)
   * @param maxIterations Lloyd iterations at most; stops earlier when no assignment changes
   * @return the cluster of each point, 0..k-1
   */
  public static int[] cluster(float[][] points, int k, int maxIterations, long seed) {
    int n = points.length;
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k-means needs 1 ≤ k ≤ points, got k=" + k + ", n=" + n);
    }
    int d = points[0].length;
    Random random = new Random(seed);
    double[][] centres = new double[k][];
    centres[0] = toDouble(points[random.nextInt(n)]);
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], distance(points[i], centres[c - 1]));
        total += nearest[i];
      }
      double r = random.nextDouble() * total;
      int pick = n - 1;
      for (int i = 0; i < n; i++) {
        r -= nearest[i];
        if (r <= 0) {
          pick = i;
          break;
        }
      }
      centres[c] = toDouble(points[pick]);
    }
    int[] assign = new int[n];
    Arrays.fill(assign, -1);
    for (int it = 0; it < maxIterations; it++) {
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double dist = distance(points[i], centres[c]);
          if (dist < bestD) {
            bestD = dist;
            best = c;
          }
        }
        if (assign[i] != best) {
          assign[i] = best;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      double[][] sums = new double[k][d];
      int[] sizes = new int[k];
      for (int i = 0; i < n; i++) {
        sizes[assign[i]]++;
        for (int j = 0; j < d; j++) {
          sums[assign[i]][j] += points[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (sizes[c] > 0) { // an empty cluster keeps its centre
          for (int j = 0; j < d; j++) {
            centres[c][j] = sums[c][j] / sizes[c];
          }
        }
      }
    }
    return assign;
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static double distance(float[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }
}
