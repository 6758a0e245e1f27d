package org.arcmetric.classify;

import java.util.List;
import java.util.TreeMap;

/**
 * The first and second moments of a gallery's entries by class, what the Gaussian unknown scores
 * ({@link MahalanobisScore}, {@link ClassGaussianScore}) are built from: for entries x_i (d values)
 * of classes c, the class means μ_c and counts n_c, and on demand each class's scatter S_c =
 * Σ_{i∈c} (x_i − μ_c)(x_i − μ_c)ᵀ (not divided by n_c). Classes are sorted by name. Built once; not
 * shared.
 */
final class ClassMoments {
  final List<String> classes;
  final double[][] means;
  final int[] counts;
  private final float[][] vectors;
  private final int[] classOf;

  private ClassMoments(
      List<String> classes, double[][] means, int[] counts, float[][] vectors, int[] classOf) {
    this.classes = classes;
    this.means = means;
    this.counts = counts;
    this.vectors = vectors;
    this.classOf = classOf;
  }

  /**
   * @param what the score's name for the messages, e.g. "the Mahalanobis score"
   * @throws IllegalArgumentException for no entries, a label count that differs from the rows,
   *     ragged rows, or more than {@code maxDimension} features
   */
  static ClassMoments of(float[][] vectors, List<String> labels, int maxDimension, String what) {
    if (vectors.length == 0) {
      throw new IllegalArgumentException(what + " needs gallery entries, got none");
    }
    if (labels.size() != vectors.length) {
      throw new IllegalArgumentException(
          "one label per entry is needed, got " + labels.size() + " for " + vectors.length);
    }
    int d = vectors[0].length;
    if (d > maxDimension) {
      throw new IllegalArgumentException(
          what + " takes at most " + maxDimension + " features, these have " + d);
    }
    TreeMap<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != d) {
        throw new IllegalArgumentException(
            "entry " + i + " has " + vectors[i].length + " values, the first has " + d);
      }
      index.put(labels.get(i), 0);
    }
    List<String> classes = List.copyOf(index.keySet());
    for (int c = 0; c < classes.size(); c++) {
      index.put(classes.get(c), c);
    }
    double[][] means = new double[classes.size()][d];
    int[] counts = new int[classes.size()];
    int[] classOf = new int[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      int c = index.get(labels.get(i));
      classOf[i] = c;
      counts[c]++;
      for (int j = 0; j < d; j++) {
        means[c][j] += vectors[i][j];
      }
    }
    for (int c = 0; c < means.length; c++) {
      for (int j = 0; j < d; j++) {
        means[c][j] /= counts[c];
      }
    }
    return new ClassMoments(classes, means, counts, vectors, classOf);
  }

  int dimension() {
    return means[0].length;
  }

  int entries() {
    return vectors.length;
  }

  /** The class mean of entry {@code i}. */
  double[] meanOf(int i) {
    return means[classOf[i]];
  }

  /** Each class's scatter S_c (d × d, both triangles filled), in {@link #classes} order. */
  double[][][] scatters() {
    int d = dimension();
    double[][][] s = new double[classes.size()][d][d];
    double[] x = new double[d];
    for (int i = 0; i < vectors.length; i++) {
      double[] m = meanOf(i);
      for (int j = 0; j < d; j++) {
        x[j] = vectors[i][j] - m[j];
      }
      addOuterLower(s[classOf[i]], x);
    }
    for (double[][] a : s) {
      mirrorLower(a);
    }
    return s;
  }

  /**
   * ε = α · tr(cov) / d, the ridge both Gaussian scores add to a covariance; a gallery whose
   * classes do not spread at all still gets a finite, positive ε.
   */
  static double ridge(double[][] cov, double shrinkage) {
    double trace = 0;
    for (int a = 0; a < cov.length; a++) {
      trace += cov[a][a];
    }
    return shrinkage * Math.max(trace / cov.length, 1e-12);
  }

  /** {@code acc} += x xᵀ, lower triangle only. */
  static void addOuterLower(double[][] acc, double[] x) {
    for (int a = 0; a < x.length; a++) {
      double xa = x[a];
      double[] row = acc[a];
      for (int b = 0; b <= a; b++) {
        row[b] += xa * x[b];
      }
    }
  }

  /** Copies the lower triangle of {@code a} onto its upper one. */
  static void mirrorLower(double[][] a) {
    for (int r = 0; r < a.length; r++) {
      for (int c = 0; c < r; c++) {
        a[c][r] = a[r][c];
      }
    }
  }

  /** A query of {@code d} values as doubles; another length is refused naming both. */
  static double[] query(float[] query, int d) {
    if (query.length != d) {
      throw new IllegalArgumentException(
          "the query has " + query.length + " values, the gallery's entries " + d);
    }
    return toDouble(query);
  }

  /** The entry as doubles. */
  static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = v[j];
    }
    return out;
  }

  /** ‖a − b‖². */
  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double e = a[j] - b[j];
      s += e * e;
    }
    return s;
  }
}
