package org.arcmetric.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.arcmetric.model.Cholesky;

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
public final class MahalanobisScore {
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
    if (vectors.length == 0) {
      throw new IllegalArgumentException("the Mahalanobis score needs gallery entries, got none");
    }
    if (labels.size() != vectors.length) {
      throw new IllegalArgumentException(
          "one label per entry is needed, got " + labels.size() + " for " + vectors.length);
    }
    if (!(shrinkage > 0)) {
      throw new IllegalArgumentException("the shrinkage must be positive, got " + shrinkage);
    }
    int d = vectors[0].length;
    if (d > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "the Mahalanobis score takes at most " + MAX_DIMENSION + " features, these have " + d);
    }
    Map<String, double[]> sums = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != d) {
        throw new IllegalArgumentException(
            "entry " + i + " has " + vectors[i].length + " values, the first has " + d);
      }
      double[] s = sums.computeIfAbsent(labels.get(i), k -> new double[d]);
      for (int j = 0; j < d; j++) {
        s[j] += vectors[i][j];
      }
      counts.merge(labels.get(i), 1, Integer::sum);
    }
    // the sums become the class means in place
    Map<String, double[]> means = sums;
    for (Map.Entry<String, double[]> e : means.entrySet()) {
      int n = counts.get(e.getKey());
      for (int j = 0; j < d; j++) {
        e.getValue()[j] /= n;
      }
    }
    List<String> classes = new ArrayList<>(means.keySet());
    Cholesky lower = factor(vectors, i -> means.get(labels.get(i)), d, shrinkage);
    double[][] whitened = new double[classes.size()][];
    for (int c = 0; c < classes.size(); c++) {
      whitened[c] = lower.solveLower(means.get(classes.get(c)));
    }
    Cholesky background = null;
    double[] centre = null;
    if (relative) {
      double[] mu = new double[d];
      for (float[] v : vectors) {
        for (int j = 0; j < d; j++) {
          mu[j] += v[j];
        }
      }
      for (int j = 0; j < d; j++) {
        mu[j] /= vectors.length;
      }
      background = factor(vectors, i -> mu, d, shrinkage);
      centre = background.solveLower(mu);
    }
    return new MahalanobisScore(List.copyOf(classes), lower, whitened, background, centre);
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
      for (int a = 0; a < d; a++) {
        double xa = x[a];
        double[] row = cov[a];
        for (int b = 0; b <= a; b++) {
          row[b] += xa * x[b];
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) {
        cov[a][b] /= vectors.length;
        cov[b][a] = cov[a][b];
      }
      trace += cov[a][a];
    }
    // a gallery whose classes do not spread at all still gets a finite, positive ε
    double eps = shrinkage * Math.max(trace / d, 1e-12);
    for (int a = 0; a < d; a++) {
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
    if (query.length != lower.size()) {
      throw new IllegalArgumentException(
          "the query has " + query.length + " values, the gallery's entries " + lower.size());
    }
    double[] q = toDouble(query);
    double[] y = lower.solveLower(q);
    double[] out = new double[whitenedMeans.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = squaredDistance(y, whitenedMeans[c]);
    }
    return out;
  }

  /**
   * −min_c d²_c(q), or for a {@link #relative} score −(min_c d²_c(q) − d²_0(q)): higher is more
   * known.
   */
  public float score(float[] query) {
    double best = Double.POSITIVE_INFINITY;
    for (double v : distancesSquared(query)) {
      best = Math.min(best, v);
    }
    if (background != null) {
      best -= squaredDistance(background.solveLower(toDouble(query)), whitenedCentre);
    }
    return (float) -best;
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = v[j];
    }
    return out;
  }

  /** ‖a − b‖². */
  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double e = a[j] - b[j];
      s += e * e;
    }
    return s;
  }
}
