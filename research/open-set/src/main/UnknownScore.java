package org.arcmetric.classify;

import java.util.List;
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
  RELATIVE_MAHALANOBIS,
  /**
   * The best class log-likelihood under one Gaussian per class, each class's own covariance shrunk
   * half-way to the shared one ({@link ClassGaussianScore}); the label still comes from the
   * classifier.
   */
  CLASS_GAUSSIAN;

  /** The default: {@link #SIMILARITY}. */
  public static final UnknownScore DEFAULT = SIMILARITY;

  /**
   * The score of this kind built from a gallery's (mapped) entries {@code vectors} with classes
   * {@code labels}; not for {@link #SIMILARITY}, which is the classifier's own.
   */
  public QueryScore build(float[][] vectors, List<String> labels) {
    return switch (this) {
      case SIMILARITY ->
          throw new IllegalStateException("similarity is the classifier's own score");
      case MAHALANOBIS -> MahalanobisScore.of(vectors, labels, MahalanobisScore.DEFAULT_SHRINKAGE);
      case RELATIVE_MAHALANOBIS ->
          MahalanobisScore.relative(vectors, labels, MahalanobisScore.DEFAULT_SHRINKAGE);
      case CLASS_GAUSSIAN ->
          ClassGaussianScore.of(vectors, labels, MahalanobisScore.DEFAULT_SHRINKAGE);
    };
  }

  /**
   * Why a gallery of {@code classes} classes of {@code dimension} features is too large for this
   * score, or null when it is not.
   */
  public String tooLarge(int dimension, int classes) {
    return switch (this) {
      case SIMILARITY -> null;
      case MAHALANOBIS, RELATIVE_MAHALANOBIS ->
          dimension > MahalanobisScore.MAX_DIMENSION
              ? dimension
                  + " features are more than the "
                  + MahalanobisScore.MAX_DIMENSION
                  + " the Mahalanobis score takes"
              : null;
      case CLASS_GAUSSIAN -> ClassGaussianScore.tooLarge(dimension, classes);
    };
  }

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
      case CLASS_GAUSSIAN ->
          "the best class log-likelihood under a Gaussian per class (its own covariance shrunk"
              + " half-way to the shared one), on the network's unit embedding";
    };
  }

  /**
   * Whether the score is built from the gallery's spread (a Mahalanobis distance or a class
   * Gaussian's likelihood), not a cosine.
   */
  public boolean mahalanobis() {
    return this != SIMILARITY;
  }

  /**
   * The name users type and JSON records: {@code similarity}, {@code mahalanobis}, {@code
   * relative-mahalanobis} or {@code class-gaussian}.
   */
  public String label() {
    return Choices.kebab(this);
  }

  /**
   * {@code similarity}, {@code mahalanobis}, {@code relative-mahalanobis} or {@code
   * class-gaussian}; anything else is refused naming {@code unknownScore}.
   */
  public static UnknownScore parse(String s) {
    return Choices.parse(UnknownScore.class, s, "unknownScore");
  }
}
