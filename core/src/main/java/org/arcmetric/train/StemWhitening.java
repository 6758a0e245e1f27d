package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.Random;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.linalg.SymmetricEigen;

/**
 * Patch-whitening initialisation of a network's first convolution (the whitening layer of Jordan
 * 2024, "94% on CIFAR-10 in 3.29 seconds on a single GPU", airbench): with Σ = V Λ Vᵀ the
 * covariance of the k × k patches (D = C·k² values each) of normalised training images, the F
 * filters are {@code ±v_j / sqrt(λ_j + ε)} for the F/2 largest eigenvalues λ_j, so the first layer
 * starts out decorrelating its input instead of as random noise. The default of {@code
 * convnet-small} ({@code TrainConfig#whitenStemByDefault}; {@code -X whiten-stem=false} turns it
 * off); applied once, before the first step of a fresh run (a resumed run keeps its weights).
 * Stateless; the static methods are thread-safe.
 */
public final class StemWhitening {
  /** ε added to every eigenvalue before the inverse square root, as airbench: {@value}. */
  public static final double EPSILON = 5e-4;

  /** Images whose patches are counted, at most: {@value}. */
  public static final int MAX_IMAGES = 5_000;

  /** Patches drawn per image, at most: {@value}. */
  public static final int PATCHES_PER_IMAGE = 64;

  private StemWhitening() {}

  /**
   * The covariance (mean subtracted) of {@code k × k} patches of {@code images}, each normalised as
   * training normalises it, {@code perImage} patches per image at random positions drawn from
   * {@code seed} (every position when the image has fewer); a patch's values in (channel, row,
   * column) order, the order of a convolution's weights.
   */
  public static double[][] patchCovariance(
      ImageSet images, Normalization norm, int k, int maxImages, int perImage, long seed) {
    InputShape s = images.shape();
    int c = s.channels();
    int h = s.height();
    int w = s.width();
    if (h < k || w < k) {
      throw new IllegalArgumentException(
          "images of " + h + " × " + w + " have no " + k + " px patch");
    }
    int d = c * k * k;
    double[] sum = new double[d];
    double[][] cross = new double[d][d];
    long count = 0;
    Random rnd = new Random(seed);
    int n = Math.min(images.size(), maxImages);
    int[] order = sample(images.size(), n, rnd);
    float[] x = new float[c * h * w];
    double[] p = new double[d];
    int positions = (h - k + 1) * (w - k + 1);
    for (int idx : order) {
      Augmentation.NONE.apply(images.pixels(idx), s, norm, x, 0, rnd);
      int draws = Math.min(perImage, positions);
      for (int t = 0; t < draws; t++) {
        int pos = draws == positions ? t : rnd.nextInt(positions);
        int y0 = pos / (w - k + 1);
        int x0 = pos % (w - k + 1);
        int j = 0;
        for (int ch = 0; ch < c; ch++) {
          for (int dy = 0; dy < k; dy++) {
            for (int dx = 0; dx < k; dx++) {
              p[j++] = x[ch * h * w + (y0 + dy) * w + x0 + dx];
            }
          }
        }
        for (int a = 0; a < d; a++) {
          sum[a] += p[a];
          for (int b = a; b < d; b++) {
            cross[a][b] += p[a] * p[b];
          }
        }
        count++;
      }
    }
    double[][] cov = new double[d][d];
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] = cross[a][b] / count - (sum[a] / count) * (sum[b] / count);
        cov[b][a] = cov[a][b];
      }
    }
    return cov;
  }

  /**
   * The whitening filters of a covariance of D patch values: {@code min(filters, 2·D)} rows
   * (rounded down to even) of D values, row 2j = {@code v_j / sqrt(λ_j + ε)} and row 2j+1 its
   * negation, for the eigenvalues in decreasing order.
   */
  public static float[] filters(double[][] cov, int filters, double epsilon) {
    int d = cov.length;
    SymmetricEigen eig = SymmetricEigen.of(cov);
    Integer[] byValue = new Integer[d];
    for (int i = 0; i < d; i++) {
      byValue[i] = i;
    }
    Arrays.sort(byValue, (a, b) -> Double.compare(eig.values()[b], eig.values()[a]));
    int pairs = Math.min(filters / 2, d);
    float[] out = new float[2 * pairs * d];
    for (int j = 0; j < pairs; j++) {
      int col = byValue[j];
      double scale = 1 / Math.sqrt(Math.max(eig.values()[col], 0) + epsilon);
      for (int i = 0; i < d; i++) {
        float v = (float) (eig.vectors()[i][col] * scale);
        out[(2 * j) * d + i] = v;
        out[(2 * j + 1) * d + i] = -v;
      }
    }
    return out;
  }

  /**
   * Sets the weights of {@code backbone}'s first block, which must be a square convolution over the
   * images' channels, to the whitening filters of {@code images}' patches (its first {@code min(F,
   * 2·D)} filters; the others keep their random start).
   *
   * @throws IllegalArgumentException if the first block is not such a convolution
   */
  public static void apply(Block backbone, ImageSet images, Normalization norm, long seed) {
    Block first =
        backbone.getChildren().isEmpty() ? null : backbone.getChildren().get(0).getValue();
    if (!(first instanceof Conv2d)) {
      throw new IllegalArgumentException(
          "the stem whitening needs a backbone that starts with a convolution");
    }
    Parameter weight = null;
    for (Pair<String, Parameter> p : first.getParameters()) {
      if (p.getValue().getType() == Parameter.Type.WEIGHT) {
        weight = p.getValue();
      }
    }
    NDArray array = weight.getArray();
    long[] shape = array.getShape().getShape();
    if (shape.length != 4 || shape[2] != shape[3] || shape[1] != images.shape().channels()) {
      throw new IllegalArgumentException(
          "the stem whitening needs a square first convolution over the image's channels, got "
              + array.getShape());
    }
    int k = (int) shape[2];
    double[][] cov = patchCovariance(images, norm, k, MAX_IMAGES, PATCHES_PER_IMAGE, seed);
    float[] f = filters(cov, (int) shape[0], EPSILON);
    // filters beyond 2·D (more filters than twice a patch's values) keep their random start
    float[] all = WeightValues.read(array);
    System.arraycopy(f, 0, all, 0, f.length);
    WeightValues.overwrite(array, all);
  }

  private static int[] sample(int size, int n, Random rnd) {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) {
      all[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + rnd.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, n);
  }
}
