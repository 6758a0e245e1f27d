package org.arcmetric.classify;

import java.util.List;
import org.arcmetric.linalg.Cholesky;

/**
 * How well a query fits the gallery's classes as the best log-likelihood under one Gaussian per
 * class, each with a covariance of its own: a class that spreads widely (a bag) no longer lends its
 * spread to a tight one (a trouser), which the shared covariance of {@link MahalanobisScore}
 * assumes. The quadratic-discriminant form of Lee et al. 2018's score, with each class's covariance
 * shrunk towards the shared one so that a class of few entries stays well-posed.
 *
 * <p>For gallery entries x_i (d features) of classes c with n_c entries: μ_c the class mean, Σ_c =
 * (1/n_c) Σ_{i∈c} (x_i − μ_c)(x_i − μ_c)ᵀ its own covariance, Σ_w = (1/n) Σ_c n_c Σ_c the pooled
 * within-class one, ε = α · tr(Σ_w) / d (α = {@code shrinkage}), λ = {@link #OWN_WEIGHT}, and
 *
 * <pre>
 * A_c = λ Σ_c + (1 − λ) Σ_w + εI
 * score(q) = max_c [ −(q − μ_c)ᵀ A_c⁻¹ (q − μ_c) − log det A_c ]
 * </pre>
 *
 * (twice the Gaussian log-density less its constant). Higher is more known; no fixed range. λ = 0
 * gives back the shared-covariance score up to a constant; λ = 0.5 was fixed before it was measured
 * (research/ablations.md), not tuned.
 *
 * <p>Cost: one Cholesky factor of d × d per class, so C · d² doubles of memory and C triangular
 * solves per query; refused beyond {@link #MAX_VALUES} values. Immutable and thread-safe.
 */
public final class ClassGaussianScore implements QueryScore {
  /** λ, the weight of a class's own covariance in A_c. */
  public static final double OWN_WEIGHT = 0.5;

  /** The most values C · d² the factors may hold (32 M doubles, 256 MB). */
  public static final long MAX_VALUES = 1L << 25;

  private final List<String> classes;
  private final Cholesky[] factors;
  private final double[][] whitenedMeans;
  private final double[] logDets;

  private ClassGaussianScore(
      List<String> classes, Cholesky[] factors, double[][] whitenedMeans, double[] logDets) {
    this.classes = classes;
    this.factors = factors;
    this.whitenedMeans = whitenedMeans;
    this.logDets = logDets;
  }

  /**
   * Why entries of {@code dimension} features in {@code classes} classes are too many for this
   * score, or null when they are not.
   */
  public static String tooLarge(int dimension, int classes) {
    if (dimension > MahalanobisScore.MAX_DIMENSION
        || (long) classes * dimension * dimension > MAX_VALUES) {
      return classes
          + " classes of "
          + dimension
          + " features need "
          + classes
          + " covariances of "
          + dimension
          + " × "
          + dimension
          + ", more than the class Gaussian score holds ("
          + MAX_VALUES
          + " values, at most "
          + MahalanobisScore.MAX_DIMENSION
          + " features)";
    }
    return null;
  }

  /**
   * The score of the entries {@code vectors} (n × d) with classes {@code labels}.
   *
   * @param shrinkage α, positive
   * @throws IllegalArgumentException for no entries, ragged rows, a label count that differs from
   *     the rows, a non-positive shrinkage, or more classes and features than {@link #tooLarge}
   *     allows
   */
  public static ClassGaussianScore of(float[][] vectors, List<String> labels, double shrinkage) {
    ClassMoments m =
        ClassMoments.of(
            vectors, labels, MahalanobisScore.MAX_DIMENSION, "the class Gaussian score");
    if (!(shrinkage > 0)) {
      throw new IllegalArgumentException("the shrinkage must be positive, got " + shrinkage);
    }
    int d = m.dimension();
    int classes = m.classes.size();
    String large = tooLarge(d, classes);
    if (large != null) {
      throw new IllegalArgumentException(large);
    }
    double[][][] scatter = m.scatters();
    double[][] within = new double[d][d];
    for (double[][] s : scatter) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          within[a][b] += s[a][b] / m.entries();
        }
      }
    }
    double eps = ClassMoments.ridge(within, shrinkage);
    Cholesky[] factors = new Cholesky[classes];
    double[][] whitened = new double[classes][];
    double[] logDets = new double[classes];
    for (int c = 0; c < classes; c++) {
      // A_c, built in the class's own scatter matrix (no longer needed after this)
      double[][] a = scatter[c];
      for (int r = 0; r < d; r++) {
        for (int k = 0; k < d; k++) {
          a[r][k] = OWN_WEIGHT * a[r][k] / m.counts[c] + (1 - OWN_WEIGHT) * within[r][k];
        }
        a[r][r] += eps;
      }
      try {
        factors[c] = Cholesky.of(a);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the covariance of class '" + m.classes.get(c) + "' is not positive definite", e);
      }
      whitened[c] = factors[c].solveLower(m.means[c]);
      logDets[c] = factors[c].logDeterminant();
    }
    return new ClassGaussianScore(m.classes, factors, whitened, logDets);
  }

  /** The classes, sorted: the order of {@link #logLikelihoods}. */
  public List<String> classes() {
    return classes;
  }

  /** −(q − μ_c)ᵀ A_c⁻¹ (q − μ_c) − log det A_c for every class, in {@link #classes()} order. */
  public double[] logLikelihoods(float[] query) {
    double[] q = ClassMoments.query(query, whitenedMeans[0].length);
    double[] out = new double[classes.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] =
          -ClassMoments.squaredDistance(factors[c].solveLower(q), whitenedMeans[c]) - logDets[c];
    }
    return out;
  }

  /** max_c of {@link #logLikelihoods}: higher is more known. */
  @Override
  public float score(float[] query) {
    double best = Double.NEGATIVE_INFINITY;
    for (double v : logLikelihoods(query)) {
      best = Math.max(best, v);
    }
    return (float) best;
  }
}
