package org.arcmetric.gallery;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
