package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.arcmetric.classify.CalibratedClassifier;
import org.arcmetric.classify.Calibrator;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.Prediction;
import org.arcmetric.linalg.UnitVectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link Gallery}, run against every engine on the same data: {@link
 * LuceneGalleryConformanceTest} here and the SolrCloud gallery's test in {@code arcmetric-solr}
 * (which takes this class from core's test jar). One gallery of {@value #N} clustered unit vectors
 * in {@value #CLASSES} classes is enrolled once for the read-only checks; the writes run on a
 * second, small gallery. Every answer is compared with {@link ExactIndex} over the same vectors,
 * the oracle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GalleryConformance {
  static final int N = 2000;
  static final int D = 32;
  static final int CLASSES = 20;
  static final int QUERIES = 200;
  static final String FP = "sha256:conformance";

  /** Creates an empty gallery named {@code name} (a fresh folder or collection). */
  protected abstract Gallery create(String name, String fingerprint, int dimension)
      throws IOException;

  /** Opens the gallery at {@code location} again, as a second reader would. */
  protected abstract Gallery open(String location) throws IOException;

  /** Starts what the engine needs (a cluster) before the first gallery is created. */
  protected void startEngine() throws Exception {}

  /** Stops what {@link #startEngine} started, after the last test. */
  protected void stopEngine() throws Exception {}

  private Gallery big;
  private ExactIndex oracle;
  private float[][] queries;
  private List<String> queryLabels;

  /** Clustered data: class means on the sphere plus noise, so neighbours are mostly own-class. */
  static List<GalleryEntry> data(int n, int classes, long seed) {
    Random r = new Random(seed);
    float[][] means = new float[classes][];
    for (int c = 0; c < classes; c++) {
      means[c] = UnitVectors.normalize(gaussian(r, D, 1f));
    }
    List<GalleryEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      float[] v = gaussian(r, D, 0.12f);
      for (int j = 0; j < D; j++) {
        v[j] += means[c][j];
      }
      out.add(
          new GalleryEntry(
              "class " + c, "img/" + c + "/" + i + ".png", UnitVectors.normalize(v), null));
    }
    return out;
  }

  static float[] gaussian(Random r, int d, float sd) {
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) r.nextGaussian() * sd;
    }
    return v;
  }

  @BeforeAll
  void enrol() throws Exception {
    startEngine();
    List<GalleryEntry> entries = data(N, CLASSES, 7);
    big = create("conformance-big", FP, D);
    List<String> ids = new ArrayList<>();
    for (int from = 0; from < N; from += 500) {
      ids.addAll(big.add(entries.subList(from, from + 500)));
    }
    List<String> labels = entries.stream().map(GalleryEntry::label).toList();
    oracle =
        ExactIndex.of(
            ids,
            labels,
            entries.stream().map(GalleryEntry::source).toList(),
            entries.stream().map(GalleryEntry::vector).toArray(float[][]::new));
    List<GalleryEntry> q = data(QUERIES, CLASSES, 7); // same means (same seed), new noise below
    Random r = new Random(11);
    queries = new float[QUERIES][];
    queryLabels = new ArrayList<>();
    for (int i = 0; i < QUERIES; i++) {
      float[] v = q.get(i).vector().clone();
      float[] noise = gaussian(r, D, 0.08f);
      for (int j = 0; j < D; j++) {
        v[j] += noise[j];
      }
      queries[i] = UnitVectors.normalize(v);
      queryLabels.add(q.get(i).label());
    }
  }

  @AfterAll
  void closeBig() throws Exception {
    try {
      if (big != null) {
        big.close();
      }
    } finally {
      stopEngine();
    }
  }

  @Test
  void countsAndSnapshotHoldWhatWasAdded() throws IOException {
    assertThat(big.size()).isEqualTo(N);
    assertThat(big.dimension()).isEqualTo(D);
    assertThat(big.labelCounts()).isEqualTo(oracle.labelCounts());
    ExactIndex s = big.snapshot();
    assertThat(s.size()).isEqualTo(N);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      ids.add(s.id(i));
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < oracle.size(); i++) {
      expected.add(oracle.id(i));
    }
    assertThat(ids).isEqualTo(expected);
    assertThat(big.stats().entries()).isEqualTo(N);
    assertThat(big.check()).isNull();
    assertThat(big.stats().classes()).isEqualTo(CLASSES);
  }

  @Test
  void centroidsAreExact() {
    Map<String, float[]> want = oracle.centroids();
    Map<String, float[]> got = big.centroids();
    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    for (String label : want.keySet()) {
      float[] a = want.get(label);
      float[] b = got.get(label);
      for (int j = 0; j < D; j++) {
        assertThat(b[j]).as(label + "[" + j + "]").isCloseTo(a[j], Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void exactSearchEqualsTheOracle() {
    for (float[] q : queries) {
      List<Neighbour> want = oracle.search(q, 10);
      List<Neighbour> got = big.searchExact(q, 10);
      assertThat(got).hasSize(10);
      assertThat(got.stream().map(Neighbour::id).toList())
          .containsExactlyElementsOf(want.stream().map(Neighbour::id).toList());
      for (int i = 0; i < 10; i++) {
        assertThat(got.get(i).score()).isEqualTo(want.get(i).score());
        assertThat(got.get(i).label()).isEqualTo(want.get(i).label());
        assertThat(got.get(i).source()).isEqualTo(want.get(i).source());
      }
    }
  }

  @Test
  void approximateSearchFindsAtLeast99PercentOfTheTrueTen() {
    SearchOptions approx = new SearchOptions(SearchMode.APPROXIMATE, 100);
    long found = 0;
    for (float[] q : queries) {
      Set<String> truth = new HashSet<>();
      oracle.search(q, 10).forEach(n -> truth.add(n.id()));
      List<Neighbour> got = big.search(q, 10, approx);
      assertThat(got).hasSize(10);
      for (int i = 1; i < got.size(); i++) {
        assertThat(got.get(i).score()).isLessThanOrEqualTo(got.get(i - 1).score());
      }
      found += got.stream().filter(n -> truth.contains(n.id())).count();
    }
    assertThat(found / (10.0 * QUERIES)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void centroidAndKnnPredictionsAreTheOracles() {
    for (Classifier.Mode mode : Classifier.Mode.values()) {
      List<Prediction> want = Classifier.of(mode, oracle, 5, 0.5f).classifyAll(queries, 3);
      List<Prediction> got = Classifier.of(mode, big, 5, 0.5f).classifyAll(queries, 3);
      int correct = 0;
      for (int i = 0; i < QUERIES; i++) {
        assertThat(got.get(i).label()).as(mode + " query " + i).isEqualTo(want.get(i).label());
        assertThat(got.get(i).unknown()).isEqualTo(want.get(i).unknown());
        assertThat(got.get(i).score()).isCloseTo(want.get(i).score(), Offset.offset(1e-5f));
        if (queryLabels.get(i).equals(got.get(i).label())) {
          correct++;
        }
      }
      assertThat(correct).as(mode + " accuracy on clustered data").isGreaterThan(QUERIES * 9 / 10);
    }
  }

  @Test
  void calibrationIsStoredAndDecidesAsOnTheOracle() throws IOException {
    // a quarter of the queries play images of a class the gallery lacks: their answers are wrong
    List<String> labels = new ArrayList<>(queryLabels);
    for (int i = 0; i < labels.size(); i += 4) {
      labels.set(i, "novel");
    }
    Calibration c =
        Calibrator.calibrate(
            big, Classifier.Mode.CENTROID, 5, queries, labels, Double.NaN, big.stats());
    Calibration onOracle =
        Calibrator.calibrate(
            oracle, Classifier.Mode.CENTROID, 5, queries, labels, Double.NaN, big.stats());
    assertThat(c.global()).isCloseTo(onOracle.global(), Offset.offset(1e-5));
    big.setCalibration(c);
    try (Gallery again = open(big.location())) {
      assertThat(again.calibration()).isNotNull();
      assertThat(again.calibration().global()).isEqualTo(c.global());
      assertThat(again.calibrationStaleness()).isNull();
      CalibratedClassifier on = new CalibratedClassifier(again, again.calibration());
      CalibratedClassifier off = new CalibratedClassifier(oracle, c);
      for (float[] q : queries) {
        assertThat(on.classify(q, 0).unknown()).isEqualTo(off.classify(q, 0).unknown());
      }
    }
    big.setCalibration(null);
    assertThat(big.calibration()).isNull();
  }

  @Test
  void anotherModelIsRefusedAndTheFingerprintSurvivesReopening() throws IOException {
    big.requireModel(FP, "model A");
    assertThatThrownBy(() -> big.requireModel("sha256:other", "model B"))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining(big.location())
        .hasMessageContaining("another model");
    try (Gallery again = open(big.location())) {
      assertThat(again.fingerprint()).isEqualTo(FP);
      assertThat(again.dimension()).isEqualTo(D);
      assertThat(again.size()).isEqualTo(N);
    }
  }

  @Test
  void badVectorsAreRefusedAndNothingIsAdded() {
    int before = big.size();
    float[] shortVector = UnitVectors.normalize(new float[] {1, 2, 3});
    assertThatThrownBy(
            () ->
                big.add(
                    List.of(
                        new GalleryEntry("ok", null, queries[0], null),
                        new GalleryEntry("bad", null, shortVector, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 1");
    float[] notUnit = queries[0].clone();
    notUnit[0] += 0.5f;
    assertThatThrownBy(() -> big.add(List.of(new GalleryEntry("bad", null, notUnit, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit");
    assertThatThrownBy(() -> big.add(List.of(new GalleryEntry("unknown", null, queries[0], null))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> big.search(shortVector, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(big.size()).isEqualTo(before);
  }

  @Test
  void removeAndRenameKeepEverythingConsistent() throws IOException {
    List<GalleryEntry> entries = new ArrayList<>(data(120, 4, 3));
    // entry 2 (class 2) carries a thumbnail: it must survive the rename below
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 4, 0xff8800);
    byte[] thumb = GalleryEntry.thumbnail(img);
    GalleryEntry e2 = entries.get(2);
    entries.set(2, new GalleryEntry(e2.label(), e2.source(), e2.vector(), thumb));
    try (Gallery g = create("conformance-writes", FP, D)) {
      List<String> ids = g.add(entries);
      assertThat(g.thumbnail(ids.get(2))).isEqualTo(thumb);
      assertThat(g.thumbnail(ids.get(1))).isNull();
      assertThat(g.thumbnail("no-such-id")).isNull();
      assertThat(ids).hasSize(120).doesNotHaveDuplicates();
      assertThat(g.labelCounts()).containsEntry("class 0", 30).hasSize(4);
      assertThat(g.entries("class 1")).hasSize(30).allMatch(e -> e.label().equals("class 1"));
      float[] c2 = g.centroids().get("class 2");

      // remove a class: gone from counts, centroids and every search
      assertThat(g.removeLabel("class 3")).isEqualTo(30);
      assertThat(g.removeLabel("class 3")).isZero();
      assertThat(g.labelCounts()).doesNotContainKey("class 3").hasSize(3);
      assertThat(g.centroids()).doesNotContainKey("class 3");
      assertThat(g.searchExact(entries.get(3).vector(), 120))
          .hasSize(90)
          .noneMatch(n -> n.label().equals("class 3"));

      // remove by id and by source: counts and the centroid follow exactly
      assertThat(g.removeIds(List.of(ids.get(0), ids.get(4), "no-such-id"))).isEqualTo(2);
      assertThat(g.labelCounts()).containsEntry("class 0", 28);
      assertThat(g.removeSources(List.of(entries.get(8).source(), "nowhere.png"))).isEqualTo(1);
      assertThat(g.labelCounts()).containsEntry("class 0", 27);
      assertThat(g.size()).isEqualTo(87);
      ExactIndex s = g.snapshot();
      Map<String, float[]> want = s.centroids();
      for (String label : want.keySet()) {
        for (int j = 0; j < D; j++) {
          assertThat(g.centroids().get(label)[j])
              .isCloseTo(want.get(label)[j], Offset.offset(1e-5f));
        }
      }

      // rename: same entries, ids and centroid under the new name; an existing name is refused
      List<String> before = g.entries("class 2").stream().map(EntryRef::id).sorted().toList();
      assertThat(g.renameLabel("class 2", "bottles/green")).isEqualTo(30);
      assertThat(g.labelCounts()).doesNotContainKey("class 2").containsEntry("bottles/green", 30);
      assertThat(g.entries("bottles/green").stream().map(EntryRef::id).sorted().toList())
          .isEqualTo(before);
      assertThat(g.thumbnail(ids.get(2))).isEqualTo(thumb);
      float[] renamed = g.centroids().get("bottles/green");
      for (int j = 0; j < D; j++) {
        assertThat(renamed[j]).isCloseTo(c2[j], Offset.offset(1e-5f));
      }
      assertThat(g.renameLabel("no such class", "x")).isZero();
      assertThatThrownBy(() -> g.renameLabel("class 1", "bottles/green"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already has a class");
      assertThat(g.labelCounts()).containsEntry("class 1", 30);

      // a second reader sees the same gallery
      try (Gallery again = open(g.location())) {
        assertThat(again.labelCounts()).isEqualTo(g.labelCounts());
        assertThat(again.searchExact(entries.get(1).vector(), 5).get(0).label())
            .isEqualTo("class 1");
      }
    }
  }
}
