package org.arcmetric.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.VectorSearch;

/**
 * k-nearest-neighbour vote: each of the {@code k} most similar gallery entries votes for its label
 * with weight equal to its cosine similarity (clamped at 0), divided under the {@link
 * ClassPrior#UNIFORM uniform prior} (the default) by the number of entries n_c its label holds in
 * the gallery; the label with the largest total wins, ties going to the label of the nearer entry.
 * {@code k = 1} is the original recipe's "label of the closest training vector" under either prior.
 * The reported score is the similarity of the winning label's nearest entry, and an answer below
 * {@code threshold} is {@code unknown}.
 *
 * <p>Candidates for top-5 are ranked by vote among the k nearest, then by first appearance among up
 * to {@value #RANK_DEPTH} nearest entries. Immutable and thread-safe.
 */
public final class KnnClassifier implements Classifier {
  static final int RANK_DEPTH = 50;
  private final VectorSearch gallery;
  private final int k;
  private final float threshold;
  private final ClassPrior prior;

  /** The vote of {@code k} neighbours under the {@link ClassPrior#DEFAULT default prior}. */
  public KnnClassifier(VectorSearch gallery, int k, float threshold) {
    this(gallery, k, threshold, ClassPrior.DEFAULT);
  }

  /** The vote of {@code k} neighbours with classes weighted by {@code prior}. */
  public KnnClassifier(VectorSearch gallery, int k, float threshold, ClassPrior prior) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (prior == null) {
      throw new IllegalArgumentException("prior must be uniform or gallery, got null");
    }
    this.gallery = gallery;
    this.k = k;
    this.threshold = threshold;
    this.prior = prior;
  }

  @Override
  public Prediction classify(float[] query, int topK) {
    List<Neighbour> near = gallery.search(query, Math.max(Math.max(k, topK), RANK_DEPTH));
    Map<String, Float> votes = new LinkedHashMap<>();
    Map<String, Float> nearest = new LinkedHashMap<>();
    Map<String, Integer> counts = prior == ClassPrior.UNIFORM ? gallery.labelCounts() : null;
    for (int i = 0; i < near.size(); i++) {
      Neighbour n = near.get(i);
      nearest.putIfAbsent(n.label(), n.score());
      if (i < k) {
        votes.merge(n.label(), Math.max(0f, n.score()) / entries(counts, n.label()), Float::sum);
      }
    }
    List<String> candidates = new ArrayList<>(votes.keySet());
    // LinkedHashMap keeps first-appearance (= nearest-first) order, so a stable sort breaks ties.
    candidates.sort((a, b) -> Float.compare(votes.get(b), votes.get(a)));
    for (String label : nearest.keySet()) {
      if (!votes.containsKey(label)) {
        candidates.add(label);
      }
    }
    String best = candidates.isEmpty() ? null : candidates.get(0);
    float score = best == null ? -1f : nearest.get(best);
    return Classifier.decide(
        best,
        score,
        threshold,
        List.copyOf(candidates),
        List.copyOf(near.subList(0, Math.min(topK, near.size()))));
  }

  /** n_c under the uniform prior (at least 1, should an engine's counts lag its search), else 1. */
  private static float entries(Map<String, Integer> counts, String label) {
    return counts == null ? 1f : Math.max(1, counts.getOrDefault(label, 1));
  }
}
