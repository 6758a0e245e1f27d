package org.arcmetric.plot;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Exact t-SNE (van der Maaten and Hinton, "Visualizing Data using t-SNE", JMLR 2008) to two
 * dimensions. Input affinities p_{j|i} are Gaussian in squared Euclidean distance with σ_i found by
 * bisection so that each row's perplexity 2^H is {@code perplexity}; p_ij = (p_{j|i} + p_{i|j}) /
 * 2n. Output affinities are Student-t: q_ij ∝ (1 + ‖y_i − y_j‖²)^−1. Gradient descent on KL(P‖Q)
 * with the paper's tricks: early exaggeration (P × 12 for the first 100 iterations), momentum 0.5
 * then 0.8, per-coordinate gains, learning rate max(n / 12, 50).
 *
 * <p>Time and memory are O(n²) per iteration, so callers sample down to {@link #MAX_POINTS}. Seeded
 * and repeatable; stateless.
 */
public final class Tsne {
  /** Points above which callers should sample: about 10 s for 500 iterations on 2 cores. */
  public static final int MAX_POINTS = 2000;

  private Tsne() {}

  /**
   * @param x n × d points
   * @param perplexity effective neighbours per point (reduced to (n − 1) / 3 for small n)
   * @param iterations gradient steps (500 is plenty for a picture)
   * @return n × 2 coordinates
   */
  public static double[][] embed(float[][] x, double perplexity, int iterations, long seed) {
    int n = x.length;
    if (n < 4) {
      throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
    }
    perplexity = Math.min(perplexity, (n - 1) / 3.0);
    double[][] p = affinities(x, perplexity);
    double[][] y = new double[n][2];
    Random random = new Random(seed);
    for (double[] row : y) {
      row[0] = 1e-4 * random.nextGaussian();
      row[1] = 1e-4 * random.nextGaussian();
    }
    double[][] velocity = new double[n][2];
    double[][] gains = new double[n][2];
    for (double[] g : gains) {
      g[0] = 1;
      g[1] = 1;
    }
    double rate = Math.max(n / 12.0, 50);
    double[][] num = new double[n][n];
    double[][] grad = new double[n][2];
    for (int it = 0; it < iterations; it++) {
      double exaggeration = it < 100 ? 12 : 1;
      double momentum = it < 250 ? 0.5 : 0.8;
      double z =
          IntStream.range(0, n)
              .parallel()
              .mapToDouble(
                  i -> {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                      if (j != i) {
                        double dx = y[i][0] - y[j][0];
                        double dy = y[i][1] - y[j][1];
                        num[i][j] = 1 / (1 + dx * dx + dy * dy);
                        s += num[i][j];
                      }
                    }
                    return s;
                  })
              .sum();
      IntStream.range(0, n)
          .parallel()
          .forEach(
              i -> {
                double gx = 0;
                double gy = 0;
                for (int j = 0; j < n; j++) {
                  if (j != i) {
                    double m = (exaggeration * p[i][j] - num[i][j] / z) * num[i][j];
                    gx += m * (y[i][0] - y[j][0]);
                    gy += m * (y[i][1] - y[j][1]);
                  }
                }
                grad[i][0] = 4 * gx;
                grad[i][1] = 4 * gy;
              });
      double[] mean = new double[2];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 2; c++) {
          boolean sameSign = grad[i][c] > 0 == velocity[i][c] > 0;
          gains[i][c] = Math.max(0.01, sameSign ? gains[i][c] * 0.8 : gains[i][c] + 0.2);
          velocity[i][c] = momentum * velocity[i][c] - rate * gains[i][c] * grad[i][c];
          y[i][c] += velocity[i][c];
          mean[c] += y[i][c] / n;
        }
      }
      for (double[] row : y) {
        row[0] -= mean[0];
        row[1] -= mean[1];
      }
    }
    return y;
  }

  /** Symmetric joint probabilities p_ij, summing to 1. */
  static double[][] affinities(float[][] x, double perplexity) {
    int n = x.length;
    double[][] d2 = new double[n][n];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                  double t = x[i][k] - x[j][k];
                  s += t * t;
                }
                d2[i][j] = s;
              }
            });
    double target = Math.log(perplexity);
    double[][] cond = new double[n][n];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              double beta = 1;
              double lo = 0;
              double hi = Double.POSITIVE_INFINITY;
              for (int step = 0; step < 100; step++) {
                double sum = 0;
                double weighted = 0;
                for (int j = 0; j < n; j++) {
                  if (j != i) {
                    double e = Math.exp(-beta * d2[i][j]);
                    cond[i][j] = e;
                    sum += e;
                    weighted += e * d2[i][j];
                  }
                }
                if (sum == 0) { // all neighbours too far for this beta
                  hi = beta;
                  beta = (lo + hi) / 2;
                  continue;
                }
                double entropy = Math.log(sum) + beta * weighted / sum; // natural-log entropy
                for (int j = 0; j < n; j++) {
                  cond[i][j] /= sum;
                }
                if (Math.abs(entropy - target) < 1e-5) {
                  break;
                }
                if (entropy > target) {
                  lo = beta;
                  beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (lo + hi) / 2;
                } else {
                  hi = beta;
                  beta = (lo + hi) / 2;
                }
              }
              cond[i][i] = 0;
            });
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i][j] = Math.max((cond[i][j] + cond[j][i]) / (2.0 * n), 1e-12);
      }
    }
    return p;
  }
}
