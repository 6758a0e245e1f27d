package org.arcmetric.classify;

/**
 * How known a query looks to a gallery's classes, the score an "unknown" threshold compares: higher
 * is more known; no fixed range (not a cosine). Built once from a gallery's entries ({@link
 * MahalanobisScore}, {@link ClassGaussianScore}); implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface QueryScore {
  /** The score of {@code query} (the vector the score's entries were measured in). */
  float score(float[] query);
}
