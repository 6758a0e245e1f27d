package org.arcmetric.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.arcmetric.classify.Classifier;
import org.junit.jupiter.api.Test;

class ProtocolTest {
  /** Class c at angle c·40° on the unit circle, each image slightly off it. */
  static EmbeddedSet set(List<String> classes, int perClass, double offset) {
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<float[]> v = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      for (int i = 0; i < perClass; i++) {
        double a = Math.toRadians(40 * c + offset + i);
        labels.add(classes.get(c));
        sources.add(classes.get(c) + i);
        v.add(new float[] {(float) Math.cos(a), (float) Math.sin(a)});
      }
    }
    return new EmbeddedSet(labels, sources, v.toArray(new float[0][]));
  }

  static final List<String> TRAINED = List.of("a", "b");
  static final MetricSuite.Options OPTIONS = MetricSuite.Options.defaults(Classifier.Mode.CENTROID);
  static final Protocol.Draws DRAWS = new Protocol.Draws(new int[] {1, 2}, 3, 7);

  @Test
  void closedScoresOnlyTheTrainedClassesAndNewClassesDrawsShotsOfTheOthers() {
    EmbeddedSet gallery = set(List.of("a", "b", "c"), 4, 0);
    EmbeddedSet queries = set(List.of("a", "b", "c"), 3, 1.5);
    Protocol.Result closed = Protocol.CLOSED.run(gallery, queries, TRAINED, OPTIONS, DRAWS);
    assertThat(closed.suite().classification().images()).isEqualTo(6);
    assertThat(closed.suite().classification().perClass()).containsOnlyKeys("a", "b");
    assertThat(closed.suite().classification().accuracy()).isEqualTo(1.0);
    assertThat(Protocol.CLOSED.queries(queries, TRAINED).size()).isEqualTo(6);
    assertThat(Protocol.NONE.queries(queries, TRAINED).size()).isEqualTo(9);
    // the gallery searched: the trained classes' entries for closed and open set, all otherwise
    assertThat(Protocol.CLOSED.reference(gallery, TRAINED).classes()).containsExactly("a", "b");
    assertThat(Protocol.OPEN_SET.reference(gallery, TRAINED).size()).isEqualTo(8);
    assertThat(Protocol.NONE.reference(gallery, TRAINED).size()).isEqualTo(12);
    assertThat(Protocol.NEW_CLASSES.reference(gallery, TRAINED).size()).isEqualTo(12);

    Protocol.Result fresh = Protocol.NEW_CLASSES.run(gallery, queries, TRAINED, OPTIONS, DRAWS);
    assertThat(fresh.suite()).isNull();
    assertThat(fresh.newClasses()).containsExactly("c");
    assertThat(fresh.fewShot()).hasSize(2);
    assertThat(fresh.fewShot().get(0).draws()).isEqualTo(3);
    // the classes are 40° apart and the queries 1.5° off: every draw places every query
    assertThat(fresh.fewShot().get(1).allMean()).isEqualTo(1.0);

    Protocol.Result open = Protocol.OPEN_SET.run(gallery, queries, TRAINED, OPTIONS, DRAWS);
    assertThat(open.suite().openSet()).isNotNull();
    assertThat(open.suite().openSet().roc().negatives()).isEqualTo(3);
  }

  @Test
  void eachProtocolSaysWhatItsGalleryOrQueriesLack() {
    EmbeddedSet trainedOnly = set(TRAINED, 3, 0);
    EmbeddedSet queries = set(List.of("a", "b", "c"), 2, 1);
    assertThatThrownBy(
            () -> Protocol.NEW_CLASSES.run(trainedOnly, queries, TRAINED, OPTIONS, DRAWS))
        .hasMessage(
            "the new-classes protocol draws its shots from the gallery, which has no images of [c];"
                + " give galleryData with images of those classes");
    assertThatThrownBy(
            () -> Protocol.OPEN_SET.run(trainedOnly, set(TRAINED, 2, 1), TRAINED, OPTIONS, DRAWS))
        .hasMessageContaining("needs queries of classes the model was not trained on");
    assertThatThrownBy(
            () -> Protocol.CLOSED.run(set(List.of("c"), 2, 0), queries, TRAINED, OPTIONS, DRAWS))
        .hasMessageContaining("the closed protocol needs gallery images and queries");
    assertThat(Protocol.parse(null)).isEqualTo(Protocol.NONE);
    assertThat(Protocol.parse(" Open-Set ")).isEqualTo(Protocol.OPEN_SET);
    assertThatThrownBy(() -> Protocol.parse("ajar"))
        .hasMessage("unknown protocol 'ajar': choose none, closed, new-classes or open-set");
  }
}
