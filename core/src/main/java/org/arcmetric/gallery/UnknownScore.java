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
  MAHALANOBIS,
  /**
   * The relative form of {@link #MAHALANOBIS} ({@link MahalanobisScore#relative}): minus (the
   * squared distance to the nearest class mean less the squared distance to the whole gallery's
   * mean under the whole gallery's covariance).
   */
  RELATIVE_MAHALANOBIS;

  /** The default: {@link #SIMILARITY}. */
  public static final UnknownScore DEFAULT = SIMILARITY;

  /** What the score is, in words, for the text output: "the classifier's cosine", ... */
  public String description() {
    return switch (this) {
      case SIMILARITY -> "the classifier's cosine";
      case MAHALANOBIS ->
          "minus the squared Mahalanobis distance to the nearest class mean, on the network's unit"
              + " embedding";
      case RELATIVE_MAHALANOBIS ->
          "minus the squared Mahalanobis distance to the nearest class mean less that to the whole"
              + " gallery, on the network's unit embedding";
    };
  }

  /** Whether the score is a Mahalanobis one (not a cosine; built from the gallery's spread). */
  public boolean mahalanobis() {
    return this != SIMILARITY;
  }

  /**
   * The name users type and JSON records: {@code similarity}, {@code mahalanobis} or {@code
   * relative-mahalanobis}.
   */
  public String label() {
    return Choices.kebab(this);
  }

  /**
   * {@code similarity}, {@code mahalanobis} or {@code relative-mahalanobis}; anything else is
   * refused naming {@code unknownScore}.
   */
  public static UnknownScore parse(String s) {
    return Choices.parse(UnknownScore.class, s, "unknownScore");
  }
}
