package org.arcmetric.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.arcmetric.gallery.Classifier;
import org.junit.jupiter.api.Test;

/** The protocols on synthetic embeddings: class c points along axis c, plus noise. */
class ProtocolTest {
  static EmbeddedSet set(int classes, int perClass, float noise, long seed) {
    MetricsTest.Fixture f = MetricsTest.Fixture.clusters(classes, perClass, noise, seed);
    return new EmbeddedSet(f.labels(), Collections.nCopies(f.labels().size(), null), f.vectors());
  }

  @Test
  void suiteOnCleanClustersWithAnUnknownClass() {
    EmbeddedSet all = set(4, 20, 0.05f, 1);
    EmbeddedSet gallery = all.filter(List.of("d"), false);
    EmbeddedSet queries = set(4, 10, 0.05f, 2);
    MetricSuite.Result r =
        MetricSuite.run(gallery, queries, MetricSuite.Options.defaults(Classifier.Mode.CENTROID));
    assertThat(r.classification().images()).isEqualTo(40);
    // the 10 queries of d cannot be right: 30 of 40
    assertThat(r.classification().accuracy()).isEqualTo(0.75);
    assertThat(r.retrieval().queries()).isEqualTo(30);
    assertThat(r.retrieval().mapAtR()).isEqualTo(1.0);
    assertThat(r.clustering().nmi()).isGreaterThan(0.99);
    assertThat(r.verification().roc().auc()).isEqualTo(1.0);
    assertThat(r.openSet()).isNotNull();
    assertThat(r.openSet().roc().auc()).isEqualTo(1.0);
    assertThat(r.openSet().knownAccuracy()).isEqualTo(1.0);
    assertThat(r.openSet().unknownRejection()).isEqualTo(1.0);
    assertThat(r.predictions().get(0).neighbours()).hasSize(5);
  }

  @Test
  void closedSetHasNoOpenSetPart() {
    EmbeddedSet gallery = set(3, 10, 0.05f, 1);
    MetricSuite.Result r =
        MetricSuite.run(
            gallery, set(3, 5, 0.05f, 9), MetricSuite.Options.defaults(Classifier.Mode.KNN));
    assertThat(r.openSet()).isNull();
    assertThat(r.classification().accuracy()).isEqualTo(1.0);
  }

  @Test
  void fewShotMeasuresEachKWithSpread() {
    EmbeddedSet gallery = set(5, 30, 0.6f, 1);
    List<String> fresh = List.of("d", "e");
    EmbeddedSet base = gallery.filter(fresh, false);
    EmbeddedSet queries = set(5, 20, 0.6f, 2);
    List<FewShotProtocol.Row> rows =
        FewShotProtocol.run(
            base, gallery, queries, fresh, new int[] {1, 5, 10}, 4, Classifier.Mode.CENTROID, 5, 3);
    assertThat(rows).extracting(FewShotProtocol.Row::shots).containsExactly(1, 5, 10);
    assertThat(rows).allSatisfy(r -> assertThat(r.draws()).isEqualTo(4));
    // more shots give a better centroid for the new classes, on average
    assertThat(rows.get(2).newMean()).isGreaterThan(rows.get(0).newMean());
    assertThat(rows.get(0).newSd()).isGreaterThan(0);
    // all = image-weighted mean of trained (60 queries) and new (40)
    FewShotProtocol.Row r = rows.get(1);
    assertThat(r.allMean())
        .isCloseTo(
            (60 * r.trainedMean() + 40 * r.newMean()) / 100,
            org.assertj.core.api.Assertions.within(1e-9));
    // seeded: the same call gives the same numbers
    assertThat(
            FewShotProtocol.run(
                base,
                gallery,
                queries,
                fresh,
                new int[] {1, 5, 10},
                4,
                Classifier.Mode.CENTROID,
                5,
                3))
        .isEqualTo(rows);
  }

  @Test
  void fewShotSaysWhatItNeeds() {
    EmbeddedSet gallery = set(3, 4, 0.1f, 1);
    EmbeddedSet base = gallery.filter(List.of("c"), false);
    assertThatThrownBy(
            () ->
                FewShotProtocol.run(
                    base,
                    gallery,
                    gallery,
                    List.of("c"),
                    new int[] {10},
                    2,
                    Classifier.Mode.KNN,
                    5,
                    1))
        .hasMessageContaining("'c' has 4 images")
        .hasMessageContaining("10 shots");
    assertThatThrownBy(
            () ->
                FewShotProtocol.run(
                    base, gallery, gallery, List.of(), new int[] {1}, 2, Classifier.Mode.KNN, 5, 1))
        .hasMessageContaining("classes the model was not trained on");
  }
}
