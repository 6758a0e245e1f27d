package org.arcmetric.classify;

import java.util.List;
import java.util.function.IntFunction;
import org.arcmetric.linalg.Cholesky;

/**
 * How well a query fits the gallery's classes, as the Mahalanobis distance to the nearest class
 * mean under the classes' shared within-class covariance (Lee et al., NeurIPS 2018, "A simple
 * unified framework for detecting out-of-distribution samples"): an "unknown" score that looks at
 * how each class spreads, not only at the direction of its centroid.
 *
 * <p>For gallery entries x_i (unit vectors, d features) of classes c: μ_c = the mean of class c's
 * entries (not normalised), Σ_w = (1/n) Σ_c Σ_{i∈c} (x_i − μ_c)(x_i − μ_c)ᵀ the pooled within-class
 * covariance, ε = α · tr(Σ_w) / d (α = {@code shrinkage}, so that a class with few entries or a
 * direction without spread stays finite), and
 *
 * <pre>d²_c(q) = (q − μ_c)ᵀ (Σ_w + εI)⁻¹ (q − μ_c),    score(q) = −min_c d²_c(q)</pre>
 *
 * <p>Higher is more known; the score is not a cosine and has no fixed range. Computed once from the
 * entries through the Cholesky factor L of Σ_w + εI (d²_c = ‖L⁻¹q − L⁻¹μ_c‖²). Immutable and
 * thread-safe.
 */
public final class MahalanobisScore implements QueryScore {
  /** α of ε = α · tr(Σ_w) / d. */
  public static final double DEFAULT_SHRINKAGE = 1e-3;

  /**
   * The most features scored: the covariance has d² values and its factorisation costs O(d³)
   * (4,096: a 64 × 64 grey image as raw pixels, 128 MB and seconds).
   */
  public static final int MAX_DIMENSION = 4096;

  private final List<String> classes;
  private final Cholesky lower;
  private final double[][] whitenedMeans;
  private final Cholesky background;
  private final double[] whitenedCentre;

  private MahalanobisScore(
      List<String> classes,
      Cholesky lower,
      double[][] whitenedMeans,
      Cholesky background,
      double[] whitenedCentre) {
    this.classes = classes;
    this.lower = lower;
    this.whitenedMeans = whitenedMeans;
    this.background = background;
    this.whitenedCentre = whitenedCentre;
  }

  /**
   * The score of the entries {@code vectors} (n × d) with classes {@code labels}.
   *
   * @param shrinkage α, positive
   * @throws IllegalArgumentException for no entries, ragged rows, more than {@link #MAX_DIMENSION}
   *     features, a label count that differs from the rows, or a non-positive shrinkage
   */
  public static MahalanobisScore of(float[][] vectors, List<String> labels, double shrinkage) {
    return build(vectors, labels, shrinkage, false);
  }

  /**
   * The relative score of the entries (Ren et al. 2021, "A simple fix to Mahalanobis distance for
   * improving near-OOD detection"): {@code score(q) = −(min_c d²_c(q) − d²_0(q))}, d²_0 the squared
   * Mahalanobis distance to μ_0, the mean of all entries, under their whole covariance Σ_0 (shrunk
   * the same way). What every class shares with the gallery as a whole no longer counts as "known".
   * Arguments and refusals as {@link #of}.
   */
  public static MahalanobisScore relative(
      float[][] vectors, List<String> labels, double shrinkage) {
    return build(vectors, labels, shrinkage, true);
  }

  private static MahalanobisScore build(
      float[][] vectors, List<String> labels, double shrinkage, boolean relative) {
    ClassMoments m = ClassMoments.of(vectors, labels, MAX_DIMENSION, "the Mahalanobis score");
    if (!(shrinkage > 0)) {
      throw new IllegalArgumentException("the shrinkage must be positive, got " + shrinkage);
    }
    int d = m.dimension();
    Cholesky lower = factor(vectors, m::meanOf, d, shrinkage);
    double[][] whitened = new double[m.classes.size()][];
    for (int c = 0; c < whitened.length; c++) {
      whitened[c] = lower.solveLower(m.means[c]);
    }
    Cholesky background = null;
    double[] centre = null;
    if (relative) {
      double[] mu = new double[d];
      for (int c = 0; c < m.means.length; c++) {
        for (int j = 0; j < d; j++) {
          mu[j] += m.means[c][j] * m.counts[c] / vectors.length;
        }
      }
      background = factor(vectors, i -> mu, d, shrinkage);
      centre = background.solveLower(mu);
    }
    return new MahalanobisScore(m.classes, lower, whitened, background, centre);
  }

  /**
   * The Cholesky factor of {@code (1/n) Σ_i (x_i − c_i)(x_i − c_i)ᵀ + εI}, c_i = {@code
   * centre.apply(i)}, ε = α · trace / d.
   */
  private static Cholesky factor(
      float[][] vectors, IntFunction<double[]> centre, int d, double shrinkage) {
    double[][] cov = new double[d][d];
    double[] x = new double[d];
    for (int i = 0; i < vectors.length; i++) {
      double[] m = centre.apply(i);
      for (int j = 0; j < d; j++) {
        x[j] = vectors[i][j] - m[j];
      }
      ClassMoments.addOuterLower(cov, x);
    }
    for (double[] row : cov) {
      for (int b = 0; b < d; b++) {
        row[b] /= vectors.length;
      }
    }
    ClassMoments.mirrorLower(cov);
    return shrunkFactor(cov, shrinkage);
  }

  /**
   * The Cholesky factor of {@code cov + εI}, ε = α · tr(cov) / d ({@code cov} is changed); a
   * gallery whose classes do not spread at all still gets a finite, positive ε.
   */
  static Cholesky shrunkFactor(double[][] cov, double shrinkage) {
    double eps = ClassMoments.ridge(cov, shrinkage);
    for (int a = 0; a < cov.length; a++) {
      cov[a][a] += eps;
    }
    try {
      return Cholesky.of(cov);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the covariance is not positive definite", e);
    }
  }

  /** The classes, sorted: the order of {@link #distancesSquared}. */
  public List<String> classes() {
    return classes;
  }

  /** d²_c(q) for every class, in {@link #classes()} order. */
  public double[] distancesSquared(float[] query) {
    double[] y = lower.solveLower(ClassMoments.query(query, lower.size()));
    double[] out = new double[whitenedMeans.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = ClassMoments.squaredDistance(y, whitenedMeans[c]);
    }
    return out;
  }

  /**
   * −min_c d²_c(q), or for a {@link #relative} score −(min_c d²_c(q) − d²_0(q)): higher is more
   * known.
   */
  @Override
  public float score(float[] query) {
    double best = Double.POSITIVE_INFINITY;
    for (double v : distancesSquared(query)) {
      best = Math.min(best, v);
    }
    if (background != null) {
      best -=
          ClassMoments.squaredDistance(
              background.solveLower(ClassMoments.toDouble(query)), whitenedCentre);
    }
    return (float) -best;
  }
}
