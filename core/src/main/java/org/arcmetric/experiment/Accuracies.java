package org.arcmetric.experiment;

import java.util.List;

/**
 * The headline accuracies of one feature extractor (the model, or the raw-pixel baseline) in a
 * {@link NewClassExperiment}: k-NN and nearest centroid, on the trained classes' test images, the
 * new classes' and all of them, and the closed-set k-NN accuracy. Fractions in [0, 1]. Serialised
 * with snake-case keys ({@code accuracy_new_classes}, ...) by the demo and compare-losses.
 * Immutable.
 */
public record Accuracies(
    double accuracyTrainedClasses,
    double accuracyNewClasses,
    double accuracyAll,
    double closedSetAccuracy,
    double centroidAccuracyTrainedClasses,
    double centroidAccuracyNewClasses,
    double centroidAccuracyAll) {

  /** {@code s}'s accuracies, split by the classes of {@code r}. */
  public static Accuracies of(NewClassExperiment.Scores s, NewClassExperiment.Result r) {
    List<String> trained = r.trainedClasses();
    List<String> fresh = r.newClasses();
    return new Accuracies(
        s.knn().accuracyOf(trained),
        s.knn().accuracyOf(fresh),
        s.knn().accuracy(),
        s.closedSetAccuracy(),
        s.centroid().accuracyOf(trained),
        s.centroid().accuracyOf(fresh),
        s.centroid().accuracy());
  }
}
