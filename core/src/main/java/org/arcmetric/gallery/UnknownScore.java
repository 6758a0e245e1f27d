package org.arcmetric.gallery;

import org.arcmetric.options.Choices;

/**
 * Which score of a query says how "known" it is, the score an unknown threshold and the open-set
 * metrics compare.
 */
public enum UnknownScore {
  /**
   * The classifier's own score: the best centroid cosine, or the k-NN vote of the answered class. A
   * cosine in [−1, 1]; what {@code --threshold} and stored calibrations are in. The default.
   */
  SIMILARITY,
  /**
   * −(squared Mahalanobis distance to the nearest class mean) under the gallery's shared
   * within-class covariance ({@link MahalanobisScore}); the label still comes from the classifier.
   */
  MAHALANOBIS;

  /** The default: {@link #SIMILARITY}. */
  public static final UnknownScore DEFAULT = SIMILARITY;

  /** The name users type and JSON records: {@code similarity} or {@code mahalanobis}. */
  public String label() {
    return Choices.kebab(this);
  }

  /**
   * {@code similarity} or {@code mahalanobis}; anything else is refused naming {@code
   * unknownScore}.
   */
  public static UnknownScore parse(String s) {
    return Choices.parse(UnknownScore.class, s, "unknownScore");
  }
}
