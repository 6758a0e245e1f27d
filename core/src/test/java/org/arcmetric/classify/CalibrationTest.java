package org.arcmetric.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.LuceneGallery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {
  @TempDir Path tmp;

  @Test
  void targetFarThresholdOnKnownScores() {
    double[] impostor = new double[100];
    for (int i = 0; i < 100; i++) {
      impostor[i] = (i + 1) / 100.0; // 0.01 .. 1.00
    }
    double t = Calibrator.threshold(new double[] {0.99}, impostor, 0.05);
    // five impostors (0.96 .. 1.00) may be accepted: the threshold sits just above 0.95
    assertThat(t).isGreaterThan(0.95).isLessThan(0.9500001);
    long accepted = Arrays.stream(impostor).filter(s -> s >= t).count();
    assertThat(accepted).isEqualTo(5);
    assertThat(Calibrator.threshold(new double[] {1}, impostor, 0.001)).isGreaterThan(1.0);
  }

  @Test
  void bestF1ThresholdByHand() {
    // t = 0.7: tp 3, fp 1, fn 0 → F1 6/7, the best (0.8 gives 4/5, 0.3 gives 6/8)
    assertThat(
            Calibrator.threshold(
                new double[] {0.9, 0.8, 0.7}, new double[] {0.75, 0.3}, Double.NaN))
        .isEqualTo(0.7);
  }

  @Test
  void estimatedFarCountsImpostorsAtOrAbove() {
    Calibration c =
        new Calibration(
            "target_far",
            0.1,
            "centroid",
            5,
            0.5,
            Map.of("a", 0.8),
            new double[] {0.1, 0.2, 0.2, 0.6},
            4,
            10,
            100,
            2,
            null);
    assertThat(c.estimatedFar(0.2)).isEqualTo(0.75);
    assertThat(c.estimatedFar(0.5)).isEqualTo(0.25);
    assertThat(c.estimatedFar(0.7)).isEqualTo(0.0);
    assertThat(c.thresholdFor("a")).isEqualTo(0.8);
    assertThat(c.thresholdFor("b")).isEqualTo(0.5);
  }

  /** Classes along axes 0..3 enrolled; class 4 (axis 4) is never enrolled. */
  static float[] around(Random r, int axis, float noise) {
    float[] v = new float[8];
    double n = 0;
    for (int j = 0; j < 8; j++) {
      v[j] = (j == axis ? 1 : 0) + noise * (float) r.nextGaussian();
      n += v[j] * v[j];
    }
    for (int j = 0; j < 8; j++) {
      v[j] /= (float) Math.sqrt(n);
    }
    return v;
  }

  @Test
  void calibrateStoreReopenAndGoStale() throws Exception {
    Random r = new Random(4);
    Path dir = tmp.resolve("g");
    List<float[]> q = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int c = i % 5;
      q.add(around(r, c, 0.5f));
      labels.add("c" + c);
    }
    float[][] queries = q.toArray(new float[0][]);
    Calibration cal;
    try (LuceneGallery g = LuceneGallery.create(dir, "sha256:x", 8)) {
      List<GalleryEntry> es = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        es.add(new GalleryEntry("c" + (i % 4), "s" + i, around(r, i % 4, 0.5f)));
      }
      g.add(es);
      cal = Calibrator.calibrate(g, Classifier.Mode.CENTROID, 5, queries, labels, 0.05, g.stats());
      assertThat(cal.impostors()).isGreaterThanOrEqualTo(80); // every c4 query at least
      assertThat(cal.knnPrior()).isNull(); // centroid scores have no k-NN prior
      assertThat(
              Calibrator.calibrate(g, Classifier.Mode.KNN, 5, queries, labels, 0.05, g.stats())
                  .prior())
          .isEqualTo(ClassPrior.UNIFORM);
      // on the calibration data the achieved false-accept rate is at most the target
      CalibratedClassifier cc = new CalibratedClassifier(g, cal);
      int impostorsAccepted = 0;
      for (int i = 0; i < queries.length; i++) {
        Prediction p = cc.classify(queries[i], 0);
        Prediction raw =
            Classifier.of(Classifier.Mode.CENTROID, g, 5, Float.NEGATIVE_INFINITY)
                .classify(queries[i], 0);
        boolean impostor = !labels.get(i).equals(raw.label());
        if (impostor
            && !p.unknown()
            && raw.score() >= cal.global()
            && !cal.perClass().containsKey(raw.label())) {
          impostorsAccepted++;
        }
      }
      assertThat((double) impostorsAccepted / cal.impostors()).isLessThanOrEqualTo(0.05);
      assertThat(cal.estimatedFar(cal.global())).isCloseTo(0.05, within(0.011));
      g.setCalibration(cal);
      g.add(List.of(new GalleryEntry("c0", "late", around(r, 0, 0.5f))));
    }
    try (LuceneGallery g = LuceneGallery.open(dir)) {
      Calibration back = g.calibration();
      assertThat(back).isNotNull();
      assertThat(back.global()).isEqualTo(cal.global());
      assertThat(back.perClass()).isEqualTo(cal.perClass());
      assertThat(back.impostorScores()).containsExactly(cal.impostorScores());
      assertThat(back.staleFor(g.stats())).isNull(); // one entry more is not a change
      assertThat(g.calibrationStaleness()).isNull();
      List<GalleryEntry> more = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        more.add(new GalleryEntry("c1", "m" + i, around(r, 1, 0.5f)));
      }
      g.add(more);
      assertThat(back.staleFor(g.stats())).contains("80 entries when calibrated and has 111");
      assertThat(g.calibrationStaleness()).isEqualTo(back.staleFor(g.stats()));
      g.add(List.of(new GalleryEntry("c9", "new", around(r, 5, 0.1f))));
      assertThat(back.staleFor(g.stats())).contains("4 classes when calibrated and has 5");
      g.setCalibration(null);
    }
    try (LuceneGallery g = LuceneGallery.open(dir)) {
      assertThat(g.calibration()).isNull();
    }
  }

  @Test
  void calibrationNeedsBothKindsOfAnswer() throws Exception {
    Random r = new Random(5);
    try (LuceneGallery g = LuceneGallery.create(tmp.resolve("h"), "sha256:x", 8)) {
      g.add(List.of(new GalleryEntry("c0", "s", around(r, 0, 0.01f))));
      assertThatThrownBy(
              () ->
                  Calibrator.calibrate(
                      g,
                      Classifier.Mode.CENTROID,
                      1,
                      new float[][] {around(r, 0, 0.01f)},
                      List.of("c0"),
                      0.01,
                      g.stats()))
          .hasMessageContaining("the gallery holds a single class (c0)");
    }
  }
}
