package org.arcmetric.classify;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.VectorSearch;
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
 * @param answering the mode, k and prior that answer: the calibration's, or the rule asked for
 */
public record ClassifierChoice(
    Classifier classifier, Calibration calibration, String staleWhy, Answering answering) {

  /**
   * What decides the answers, as a caller reports it.
   *
   * @param mode centroid or k-NN
   * @param k neighbours voting (k-NN only)
   * @param prior how the k-NN vote weighs classes (k-NN only)
   * @param calibrated whether a stored calibration's per-class thresholds decide "unknown"
   */
  public record Answering(Classifier.Mode mode, int k, ClassPrior prior, boolean calibrated) {
    /**
     * As the HTTP API writes it ({@code decided_by}): {@code mode}, for k-NN {@code k} and {@code
     * knn_prior}, then {@code calibrated}.
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", mode.name().toLowerCase(Locale.ROOT));
      if (mode == Classifier.Mode.KNN) {
        m.put("k", k);
        m.put("knn_prior", prior.label());
      }
      m.put("calibrated", calibrated);
      return m;
    }
  }

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
        Answering calibrated =
            new Answering(Classifier.Mode.parse(stored.mode()), stored.k(), stored.prior(), true);
        return new ClassifierChoice(
            new CalibratedClassifier(search, stored), stored, null, calibrated);
      }
      return new ClassifierChoice(of(search, rule), null, staleWhy, asked(rule));
    }
    return new ClassifierChoice(of(search, rule), null, null, asked(rule));
  }

  private static Answering asked(Rule rule) {
    return new Answering(rule.mode(), rule.k(), rule.prior(), false);
  }

  private static Classifier of(VectorSearch search, Rule rule) {
    return Classifier.of(rule.mode(), search, rule.k(), rule.threshold(), rule.prior());
  }
}
