package org.arcmetric.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arcmetric.gallery.VectorSearch;

/**
 * Nearest class centroid: each label is represented by the normalised mean of its entries; the
 * answer is the label whose centroid has the largest cosine with the query, and that cosine is the
 * score. Robust to a few mislabelled entries; needs no k. Immutable and thread-safe.
 */
public final class CentroidClassifier implements Classifier {
  private final VectorSearch gallery;
  private final float threshold;

  public CentroidClassifier(VectorSearch gallery, float threshold) {
    this.gallery = gallery;
    this.threshold = threshold;
  }

  @Override
  public Prediction classify(float[] query, int topK) {
    Map<String, float[]> centroids = gallery.centroids();
    List<String> labels = new ArrayList<>(centroids.keySet());
    float[] scores = new float[labels.size()];
    for (int c = 0; c < labels.size(); c++) {
      float[] v = centroids.get(labels.get(c));
      float s = 0;
      for (int j = 0; j < v.length; j++) {
        s += v[j] * query[j];
      }
      scores[c] = s;
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < labels.size(); c++) {
      order.add(c);
    }
    order.sort((a, b) -> Float.compare(scores[b], scores[a]));
    List<String> candidates = order.stream().map(labels::get).toList();
    String best = candidates.isEmpty() ? null : candidates.get(0);
    float score = best == null ? -1f : scores[order.get(0)];
    return Classifier.decide(best, score, threshold, candidates, gallery.search(query, topK));
  }
}
