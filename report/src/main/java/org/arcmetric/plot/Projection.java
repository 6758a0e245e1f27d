package org.arcmetric.plot;

import java.util.Random;

/**
 * Principal component analysis to two dimensions: the embedding is centred and projected on the two
 * leading eigenvectors of its d × d covariance, found by power iteration with deflation (enough for
 * the two largest of a symmetric positive semi-definite matrix). Stateless.
 */
public final class Projection {
  private Projection() {}

  /** n × 2 coordinates: the projections on the first and second principal axes. */
  public static double[][] pca(float[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / (double) n;
      }
    }
    double[][] cov = new double[d][d];
    for (float[] row : x) {
      for (int a = 0; a < d; a++) {
        double da = row[a] - mean[a];
        for (int b = a; b < d; b++) {
          cov[a][b] += da * (row[b] - mean[b]);
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    double[] first = leading(cov, new Random(1));
    double lambda = rayleigh(cov, first);
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        cov[a][b] -= lambda * first[a] * first[b];
      }
    }
    double[] second = leading(cov, new Random(2));
    double[][] out = new double[n][2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = x[i][j] - mean[j];
        out[i][0] += c * first[j];
        out[i][1] += c * second[j];
      }
    }
    return out;
  }

  static double[] leading(double[][] m, Random random) {
    int d = m.length;
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = random.nextGaussian();
    }
    normalise(v);
    for (int it = 0; it < 500; it++) {
      double[] w = new double[d];
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          w[a] += m[a][b] * v[b];
        }
      }
      if (normalise(w) == 0) {
        return v; // a zero matrix: any direction
      }
      double change = 0;
      for (int j = 0; j < d; j++) {
        change += Math.abs(w[j] - v[j]);
      }
      v = w;
      if (change < 1e-10) {
        break;
      }
    }
    return v;
  }

  private static double rayleigh(double[][] m, double[] v) {
    double s = 0;
    for (int a = 0; a < v.length; a++) {
      for (int b = 0; b < v.length; b++) {
        s += v[a] * m[a][b] * v[b];
      }
    }
    return s;
  }

  private static double normalise(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    s = Math.sqrt(s);
    if (s > 0) {
      for (int j = 0; j < v.length; j++) {
        v[j] /= s;
      }
    }
    return s;
  }
}
