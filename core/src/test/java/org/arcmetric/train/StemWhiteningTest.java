package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.model.Backbone;
import org.junit.jupiter.api.Test;

class StemWhiteningTest {
  /**
   * Random colour images with correlated channels and smooth rows, so the patches are not white.
   */
  static ImageSet images(int n, int size, long seed) {
    Random rnd = new Random(seed);
    InputShape s = InputShape.square(3, size);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = new byte[3 * size * size];
      for (int y = 0; y < size; y++) {
        int v = rnd.nextInt(200);
        for (int x = 0; x < size; x++) {
          v = Math.max(0, Math.min(250, v + rnd.nextInt(21) - 10));
          p[y * size + x] = (byte) v;
          p[size * size + y * size + x] = (byte) Math.min(255, v / 2 + rnd.nextInt(40));
          p[2 * size * size + y * size + x] = (byte) rnd.nextInt(256);
        }
      }
      labels.add("a");
      sources.add("img" + i);
      pixels.add(p);
    }
    return new ImageSet(s, labels, sources, pixels);
  }

  @Test
  void theFiltersWhitenThePatchesTheyWereMeasuredOn() {
    ImageSet set = images(60, 12, 1);
    Normalization norm = Normalization.measure(set);
    double[][] cov = StemWhitening.patchCovariance(set, norm, 3, 1000, 1000, 7);
    assertThat(cov).hasNumberOfRows(27);
    int filters = 24;
    float[] w = StemWhitening.filters(cov, filters, 0);
    // W Σ Wᵀ: the even rows (v_j / sqrt λ_j) give the identity among themselves; odd rows negate
    for (int a = 0; a < filters; a++) {
      for (int b = 0; b < filters; b++) {
        double s = 0;
        for (int i = 0; i < 27; i++) {
          for (int j = 0; j < 27; j++) {
            s += w[a * 27 + i] * cov[i][j] * w[b * 27 + j];
          }
        }
        double sign = ((a % 2) == (b % 2)) ? 1 : -1;
        double expected = (a / 2 == b / 2) ? sign : 0;
        assertThat(s).as("(%d, %d)", a, b).isCloseTo(expected, within(1e-3));
      }
    }
  }

  @Test
  void theFiltersTakeTheLargestEigenvaluesFirst() {
    // a diagonal covariance: eigenvalues 1, 9, 4 on axes 0, 1, 2
    double[][] cov = {{1, 0, 0}, {0, 9, 0}, {0, 0, 4}};
    float[] w = StemWhitening.filters(cov, 4, 0);
    assertThat(w).hasSize(4 * 3);
    // more filters than twice the values: 2·D rows
    assertThat(StemWhitening.filters(cov, 10, 0)).hasSize(6 * 3);
    // row 0 = e1 / 3, row 1 = −e1 / 3, row 2 = ±e2 / 2, row 3 its negation
    assertThat(Math.abs(w[1])).isCloseTo(1 / 3f, within(1e-6f));
    assertThat(w[0]).isZero();
    assertThat(w[3 + 1]).isCloseTo(-w[1], within(1e-6f));
    assertThat(Math.abs(w[6 + 2])).isCloseTo(0.5f, within(1e-6f));
    assertThat(w[9 + 2]).isCloseTo(-w[6 + 2], within(1e-6f));
  }

  @Test
  void theCovarianceOfEveryPatchIsTheOneComputedByHand() {
    // one grey 8 × 8 ramp, pixel (y, x) = x + 8y, under unit normalisation; every 2 × 2 patch at
    // (y0, x0) holds x0 + 8·y0 plus a constant, so every entry of the covariance is the variance
    // of x0 + 8·y0 over the 7 × 7 places: (7² − 1) / 12 · (1 + 64) = 4 · 65 = 260
    InputShape s = InputShape.square(1, 8);
    byte[] p = new byte[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        p[y * 8 + x] = (byte) (x + 8 * y);
      }
    }
    ImageSet one = new ImageSet(s, List.of("a"), List.of("x"), List.of(p));
    Normalization unit = new Normalization(new float[] {0}, new float[] {1 / 255f});
    double[][] cov = StemWhitening.patchCovariance(one, unit, 2, 1, 100, 1);
    assertThat(cov).hasNumberOfRows(4);
    for (double[] row : cov) {
      for (double v : row) {
        assertThat(v).isCloseTo(260, within(1e-6));
      }
    }
  }

  @Test
  void appliedToConvnetSmallItsStemHoldsTheFiltersAndTheNetworkStillEmbeds() {
    ImageSet set = images(40, 16, 2);
    Normalization norm = Normalization.measure(set);
    try (NDManager m = NDManager.newBaseManager()) {
      Block backbone = Backbone.CONVNET_SMALL.build(set.shape());
      backbone.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
      StemWhitening.apply(backbone, set, norm, 5);
      float[] expected =
          StemWhitening.filters(
              StemWhitening.patchCovariance(
                  set, norm, 3, StemWhitening.MAX_IMAGES, StemWhitening.PATCHES_PER_IMAGE, 5),
              24,
              StemWhitening.EPSILON);
      NDArray w =
          backbone.getChildren().get(0).getValue().getParameters().get(0).getValue().getArray();
      assertThat(w.getShape()).isEqualTo(new Shape(24, 3, 3, 3));
      float[] got = w.toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertThat(got[i]).as("weight %d", i).isCloseTo(expected[i], within(1e-5f));
      }
    }
  }
}
