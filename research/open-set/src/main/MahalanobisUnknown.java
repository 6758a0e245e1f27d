package org.arcmetric.classify;

import java.util.function.UnaryOperator;

/**
 * A classifier whose answer comes from another ({@code inner}: k-NN or centroid, no threshold) and
 * whose score, the one compared with the threshold to answer "unknown", is a {@link QueryScore}
 * built from the gallery's spread: the {@link MahalanobisScore} of the query (−(squared Mahalanobis
 * distance to the nearest class mean)) or its {@link ClassGaussianScore}. The label is unchanged;
 * only how "known" the query looks is measured differently. Immutable and thread-safe.
 */
public final class MahalanobisUnknown implements Classifier {
  private final Classifier inner;
  private final QueryScore score;
  private final float threshold;
  private final UnaryOperator<float[]> space;

  /**
   * @param inner answers the label; its own threshold should be −∞
   * @param threshold answer unknown below this score (not a cosine), or −∞ for never
   */
  public MahalanobisUnknown(Classifier inner, QueryScore score, float threshold) {
    this(inner, score, threshold, UnaryOperator.identity());
  }

  /**
   * @param space maps a query to the vectors {@code score} was measured on (the gallery's entries
   *     went through the same map), e.g. the network's embedding behind whitened features
   */
  public MahalanobisUnknown(
      Classifier inner, QueryScore score, float threshold, UnaryOperator<float[]> space) {
    this.inner = inner;
    this.score = score;
    this.threshold = threshold;
    this.space = space;
  }

  @Override
  public Prediction classify(float[] query, int topK) {
    Prediction p = inner.classify(query, topK);
    String best = p.candidates().isEmpty() ? null : p.candidates().get(0);
    return Classifier.decide(
        best, score.score(space.apply(query)), threshold, p.candidates(), p.neighbours());
  }
}
