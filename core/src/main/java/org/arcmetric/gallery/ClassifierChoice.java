package org.arcmetric.gallery;

import org.arcmetric.options.InvalidOptionException;

/**
 * Which classifier answers queries against a gallery: the gallery's stored {@link Calibration} (its
 * mode, k and per-class thresholds) when the caller lets it apply and it still fits the gallery,
 * else the rule the caller asked for (mode, k, threshold). The one place this policy lives; {@code
 * predict}, {@code evaluate} and the server all call {@link #choose}. Immutable.
 *
 * @param classifier what answers
 * @param calibration the calibration in use, or null
 * @param staleWhy when a stored calibration was wanted but no longer fits the gallery: why ({@link
 *     Calibration#staleFor}); the caller should say so, and that it answers without it
 */
public record ClassifierChoice(Classifier classifier, Calibration calibration, String staleWhy) {

  /**
   * The requested rule: {@code mode} with {@code k} neighbours (k-NN) voting under {@code prior},
   * and {@code threshold}.
   *
   * @param k neighbours voting in k-NN, at least 1
   * @param threshold cosine in [-1, 1] below which the answer is unknown, or −∞ for never
   * @param prior how k-NN weighs classes of different sizes ({@link ClassPrior})
   */
  public record Rule(Classifier.Mode mode, int k, float threshold, ClassPrior prior) {
    public Rule {
      InvalidOptionException.require(mode != null, "{mode} must be knn or centroid");
      InvalidOptionException.require(k >= 1, "{k} must be at least 1, got " + k);
      InvalidOptionException.require(
          threshold == Float.NEGATIVE_INFINITY || threshold >= -1 && threshold <= 1,
          "{threshold} is a cosine similarity in [-1, 1], got " + threshold);
      InvalidOptionException.require(prior != null, "{knnPrior} must be uniform or gallery");
    }

    /** Nearest centroid, k = 5 for k-NN under the uniform prior, never unknown. */
    public static final Rule DEFAULT =
        new Rule(Classifier.Mode.CENTROID, 5, Float.NEGATIVE_INFINITY, ClassPrior.DEFAULT);
  }

  /**
   * Chooses for {@code search} (a gallery, or a view of it with search options).
   *
   * @param stored the gallery's calibration, or null
   * @param staleWhy why {@code stored} no longer fits ({@link Gallery#calibrationStaleness}), or
   *     null
   * @param useCalibration whether the caller lets a stored calibration apply (the CLI: no {@code
   *     threshold} and calibration not turned off; the server: no {@code mode} asked)
   * @param rule what answers when no calibration applies
   */
  public static ClassifierChoice choose(
      VectorSearch search, Calibration stored, String staleWhy, boolean useCalibration, Rule rule) {
    if (stored != null && useCalibration) {
      if (staleWhy == null) {
        return new ClassifierChoice(new CalibratedClassifier(search, stored), stored, null);
      }
      return new ClassifierChoice(of(search, rule), null, staleWhy);
    }
    return new ClassifierChoice(of(search, rule), null, null);
  }

  private static Classifier of(VectorSearch search, Rule rule) {
    return Classifier.of(rule.mode(), search, rule.k(), rule.threshold(), rule.prior());
  }
}
