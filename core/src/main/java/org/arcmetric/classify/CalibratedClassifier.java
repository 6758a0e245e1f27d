package org.arcmetric.classify;

import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.VectorSearch;

/**
 * A classifier that answers {@code unknown} below the calibrated threshold of the class it would
 * answer ({@link Calibration#thresholdFor}), else the global one. Immutable and thread-safe.
 */
public final class CalibratedClassifier implements Classifier {
  private final Classifier raw;
  private final Calibration calibration;

  /** Uses the calibration's mode, k and k-NN prior over {@code gallery}. */
  public CalibratedClassifier(VectorSearch gallery, Calibration calibration) {
    this.raw =
        Classifier.of(
            Mode.parse(calibration.mode()),
            gallery,
            calibration.k(),
            Float.NEGATIVE_INFINITY,
            calibration.prior());
    this.calibration = calibration;
  }

  public Calibration calibration() {
    return calibration;
  }

  @Override
  public Prediction classify(float[] query, int topK) {
    Prediction p = raw.classify(query, topK);
    if (p.label() == null) {
      return p;
    }
    // a NaN score passes no threshold: compared with <, it would pass every one
    boolean unknown = !Float.isFinite(p.score()) || p.score() < calibration.thresholdFor(p.label());
    return new Prediction(
        unknown ? null : p.label(), p.score(), unknown, p.candidates(), p.neighbours());
  }
}
