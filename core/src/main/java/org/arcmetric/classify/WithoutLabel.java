package org.arcmetric.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.VectorSearch;

/**
 * A gallery seen as if one class had never been enrolled: what a query of a class the gallery does
 * not hold meets. {@link Calibrator} classifies each calibration class's queries through it to get
 * the impostor scores of unseen classes from the data a user has. Searches ask the gallery for
 * {@code hidden} more neighbours than wanted and drop the hidden class's, so the answers are those
 * of a gallery without it (exactly, for an exact search). Thread-safe if {@code gallery} is.
 *
 * @param gallery the whole gallery
 * @param label the class to hide
 * @param hidden how many entries the class has
 */
record WithoutLabel(VectorSearch gallery, String label, int hidden) implements VectorSearch {

  /**
   * The answers to the queries of each class of {@code gallery}, each class's queries classified
   * (by the classifier {@code classifier} makes over a view) against the gallery without that
   * class: what a class the gallery has never seen gets. Queries of other classes are left out;
   * none with fewer than two classes in the gallery.
   */
  static List<Prediction> answersLeftOut(
      VectorSearch gallery,
      float[][] queries,
      List<String> labels,
      Function<VectorSearch, Classifier> classifier) {
    Map<String, Integer> counts = gallery.labelCounts();
    List<Prediction> out = new ArrayList<>();
    if (counts.size() < 2) {
      return out;
    }
    Map<String, List<float[]>> byLabel = new TreeMap<>();
    for (int i = 0; i < queries.length; i++) {
      if (counts.containsKey(labels.get(i))) {
        byLabel.computeIfAbsent(labels.get(i), l -> new ArrayList<>()).add(queries[i]);
      }
    }
    for (Map.Entry<String, List<float[]>> e : byLabel.entrySet()) {
      VectorSearch without = new WithoutLabel(gallery, e.getKey(), counts.get(e.getKey()));
      out.addAll(classifier.apply(without).classifyAll(e.getValue().toArray(float[][]::new), 0));
    }
    return out;
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    return gallery.search(query, k + hidden).stream()
        .filter(n -> !label.equals(n.label()))
        .limit(k)
        .toList();
  }

  @Override
  public Map<String, float[]> centroids() {
    Map<String, float[]> c = new TreeMap<>(gallery.centroids());
    c.remove(label);
    return c;
  }

  @Override
  public Map<String, Integer> labelCounts() {
    Map<String, Integer> c = new TreeMap<>(gallery.labelCounts());
    c.remove(label);
    return c;
  }
}
