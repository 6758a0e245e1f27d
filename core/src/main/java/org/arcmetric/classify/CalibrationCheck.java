package org.arcmetric.classify;

import java.util.List;
import java.util.Set;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.VectorSearch;

/**
 * How a {@link Calibration} does on labelled queries it was not computed from: the false-accept
 * rate it promised against the one observed. Each query is answered as {@code predict} answers it
 * ({@link CalibratedClassifier}); the answer it would give without a threshold is <em>genuine</em>
 * when it is the query's label and an <em>impostor</em> otherwise (a wrong class, or any answer to
 * a query of a class the gallery lacks), as {@link Calibrator} counts them — with the queries of
 * each gallery class answered against the gallery without it as impostors too, when the calibration
 * counted those.
 *
 * @param queries queries answered
 * @param genuine queries whose unthresholded answer is their label
 * @param impostors the others, plus the left-out-class answers when the calibration has them
 * @param genuineAccepted genuine answers at or above their threshold
 * @param falseAccepts impostor answers at or above their threshold (answered, and wrong)
 * @param unknownQueries queries of classes the gallery lacks
 * @param unknownRejected those answered {@code unknown}
 */
public record CalibrationCheck(
    int queries,
    int genuine,
    int impostors,
    int genuineAccepted,
    int falseAccepts,
    int unknownQueries,
    int unknownRejected) {

  /** Impostor answers accepted / impostor answers: compare with the calibration's target. */
  public double observedFar() {
    return impostors == 0 ? Double.NaN : (double) falseAccepts / impostors;
  }

  /** Genuine answers accepted / genuine answers. */
  public double genuineAcceptRate() {
    return genuine == 0 ? Double.NaN : (double) genuineAccepted / genuine;
  }

  /** Queries of gallery classes answered with their label (not unknown) / such queries. */
  public double knownAccuracy() {
    int known = queries - unknownQueries;
    return known == 0 ? Double.NaN : (double) genuineAccepted / known;
  }

  /** Queries of classes the gallery lacks answered unknown / such queries. */
  public double unknownRejection() {
    return unknownQueries == 0 ? Double.NaN : (double) unknownRejected / unknownQueries;
  }

  /**
   * Answers every query with {@code calibration} over {@code gallery}. Thread-safe if the gallery
   * is; queries are answered in parallel.
   *
   * @param galleryClasses the labels the gallery holds (a query of another class is unknown)
   */
  public static CalibrationCheck run(
      VectorSearch gallery,
      Calibration calibration,
      float[][] queries,
      List<String> labels,
      Set<String> galleryClasses) {
    if (queries.length != labels.size()) {
      throw new IllegalArgumentException("one label per query is needed");
    }
    List<Prediction> answers =
        new CalibratedClassifier(gallery, calibration).classifyAll(queries, 0);
    int genuine = 0;
    int genuineAccepted = 0;
    int falseAccepts = 0;
    int unknownQueries = 0;
    int unknownRejected = 0;
    for (int i = 0; i < answers.size(); i++) {
      Prediction p = answers.get(i);
      String raw = p.candidates().isEmpty() ? null : p.candidates().get(0);
      boolean right = labels.get(i).equals(raw);
      genuine += right ? 1 : 0;
      genuineAccepted += right && !p.unknown() ? 1 : 0;
      falseAccepts += !right && !p.unknown() ? 1 : 0;
      if (!galleryClasses.contains(labels.get(i))) {
        unknownQueries++;
        unknownRejected += p.unknown() ? 1 : 0;
      }
    }
    int impostors = queries.length - genuine;
    if (calibration.unseenImpostors() != null && calibration.unseenImpostors() > 0) {
      // counted as the calibration counted them: each class's queries against the gallery
      // without that class are impostors too
      for (Prediction p :
          WithoutLabel.answersLeftOut(
              gallery, queries, labels, view -> new CalibratedClassifier(view, calibration))) {
        impostors++;
        falseAccepts += p.unknown() ? 0 : 1;
      }
    }
    return new CalibrationCheck(
        queries.length,
        genuine,
        impostors,
        genuineAccepted,
        falseAccepts,
        unknownQueries,
        unknownRejected);
  }
}
