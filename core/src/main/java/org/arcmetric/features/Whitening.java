package org.arcmetric.features;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arcmetric.linalg.SymmetricEigen;

/**
 * Shrunk ZCA whitening of features, measured on the base classes: {@code W = (Σ + εI)^(−1/2)} with
 * Σ the covariance of the vectors about their mean μ and {@code ε = shrinkage · tr(Σ) / d} (a
 * fraction of the mean eigenvalue), so {@code x' = W (x − μ)} has, up to the shrinkage, unit
 * variance in every direction of the base classes' feature space. A network trained to separate C
 * classes puts almost all its variance in C − 1 directions (on Fashion-MNIST the largest eigenvalue
 * is ~4,600 times the median); whitening gives the other directions, where unseen classes differ,
 * back their weight before the cosine. Computed in double precision (Jacobi eigen-decomposition).
 *
 * <p>With labels, the between-class part of Σ can be weighed down first: {@code Σ_β = Σ_w + β·Σ_b}
 * (Σ_w the within-class covariance, Σ_b = Σ_c (n_c / n)(m_c − μ)(m_c − μ)ᵀ the scatter of the class
 * means m_c, so Σ = Σ_w + Σ_b and β = 1 is plain ZCA). A smaller β whitens the directions that
 * separate the trained classes less, keeping more of their separation, while the within-class
 * directions, where unseen classes differ, still get their weight back. Stateless; thread-safe.
 */
public final class Whitening {
  /**
   * ε as a fraction of the mean eigenvalue, chosen on the shapes data set's selection classes
   * (research/ablations.md, "Whitening").
   */
  public static final double DEFAULT_SHRINKAGE = 0.01;

  /**
   * β of {@code Σ_w + β·Σ_b} when none is given: 0.3, chosen by the mean gain in all-classes
   * accuracy over plain ZCA (β = 1) on the held-out selection classes of two kinds of data (the
   * shapes' star5 and t-shape, Fashion-MNIST's Sandal and Shirt with a model trained on the other
   * five), positive on both (research/ablations.md, "Choosing on Fashion-MNIST's own held-out
   * classes").
   */
  public static final double DEFAULT_BETWEEN_WEIGHT = 0.3;

  /**
   * The most features whitened: W has d² values, stored in {@code model.json} (512² ≈ 3 MB of
   * JSON), and the eigen-decomposition costs O(d³).
   */
  public static final int MAX_DIMENSION = 512;

  private Whitening() {}

  /**
   * The element-wise mean of {@code rows} (not normalised): μ of CL2N and of the whitening.
   *
   * @throws IllegalArgumentException if there are no rows
   */
  public static float[] mean(float[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("the mean of no vectors is undefined");
    }
    double[] sum = new double[rows[0].length];
    for (float[] r : rows) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += r[j];
      }
    }
    float[] m = new float[sum.length];
    for (int j = 0; j < m.length; j++) {
      m[j] = (float) (sum[j] / rows.length);
    }
    return m;
  }

  /**
   * {@code (Σ + εI)^(−1/2)}, d × d row-major, for {@code vectors} (n × d, n ≥ 2) about {@code
   * mean}.
   *
   * @param shrinkage ε / (tr Σ / d), positive
   * @return W; the identity when the vectors do not vary at all
   * @throws IllegalArgumentException for fewer than 2 vectors, ragged rows, more than {@link
   *     #MAX_DIMENSION} features or a non-positive shrinkage
   */
  public static float[] zca(float[][] vectors, float[] mean, double shrinkage) {
    return zca(vectors, null, mean, shrinkage, 1);
  }

  /**
   * {@code (Σ_β + εI)^(−1/2)} with {@code Σ_β = Σ_w + β·Σ_b} (class comment), d × d row-major, for
   * {@code vectors} (n × d) of classes {@code labels} about {@code mean} (their mean); ε =
   * shrinkage · tr(Σ_β) / d.
   *
   * @param labels one class per vector; may be null when {@code betweenWeight} is 1
   * @param betweenWeight β in [0, 1]
   * @throws IllegalArgumentException as {@link #zca(float[][], float[], double)}, or for missing or
   *     miscounted labels, or β outside [0, 1]
   */
  public static float[] zca(
      float[][] vectors,
      List<String> labels,
      float[] mean,
      double shrinkage,
      double betweenWeight) {
    if (!(betweenWeight >= 0 && betweenWeight <= 1)) {
      throw new IllegalArgumentException(
          "the between-class weight must be in [0, 1], got " + betweenWeight);
    }
    if (betweenWeight < 1 && (labels == null || labels.size() != vectors.length)) {
      throw new IllegalArgumentException(
          "weighing the between-class scatter needs one label per vector");
    }
    if (mean.length > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "whitening takes at most "
              + MAX_DIMENSION
              + " features, these have "
              + mean.length
              + ": use +cl2n instead of +zca");
    }
    if (vectors.length < 2) {
      throw new IllegalArgumentException(
          "whitening needs at least 2 vectors, got " + vectors.length);
    }
    if (!(shrinkage > 0)) {
      throw new IllegalArgumentException("the shrinkage must be positive, got " + shrinkage);
    }
    int d = mean.length;
    double[][] cov = new double[d][d];
    double[] x = new double[d];
    for (float[] v : vectors) {
      if (v.length != d) {
        throw new IllegalArgumentException(
            "a vector has " + v.length + " values where the mean has " + d);
      }
      for (int i = 0; i < d; i++) {
        x[i] = (double) v[i] - mean[i];
      }
      for (int i = 0; i < d; i++) {
        double xi = x[i];
        double[] row = cov[i];
        for (int j = i; j < d; j++) {
          row[j] += xi * x[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= vectors.length;
        cov[j][i] = cov[i][j];
      }
    }
    if (betweenWeight < 1) {
      subtractBetween(cov, vectors, labels, mean, 1 - betweenWeight);
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += cov[i][i];
    }
    if (!(trace > 0)) {
      // every vector is μ: nothing to whiten, and centring already maps them all to zero
      float[] identity = new float[d * d];
      for (int i = 0; i < d; i++) {
        identity[i * d + i] = 1;
      }
      return identity;
    }
    double eps = shrinkage * trace / d;
    SymmetricEigen e = SymmetricEigen.of(cov);
    float[] w = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += e.vectors()[i][k] * e.vectors()[j][k] / Math.sqrt(Math.max(0, e.values()[k]) + eps);
        }
        w[i * d + j] = (float) s;
        w[j * d + i] = (float) s;
      }
    }
    return w;
  }

  /** {@code cov −= weight · Σ_b}, Σ_b the n_c / n weighted scatter of the class means about μ. */
  private static void subtractBetween(
      double[][] cov, float[][] vectors, List<String> labels, float[] mean, double weight) {
    int d = mean.length;
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (int r = 0; r < vectors.length; r++) {
      double[] s = sums.computeIfAbsent(labels.get(r), k -> new double[d]);
      for (int i = 0; i < d; i++) {
        s[i] += vectors[r][i];
      }
      counts.merge(labels.get(r), 1, Integer::sum);
    }
    double[] m = new double[d];
    for (var e : sums.entrySet()) {
      int n = counts.get(e.getKey());
      for (int i = 0; i < d; i++) {
        m[i] = e.getValue()[i] / n - mean[i];
      }
      double share = weight * n / vectors.length;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] -= share * m[i] * m[j];
        }
      }
    }
  }
}
