package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/**
 * One training epoch's measurements: a line of {@code train-log.jsonl}, and in {@code model.json}
 * ({@code metrics}) the line of the epoch that ships. JSON keys are the components in snake case
 * ({@code train_loss}, {@code val_accuracy}, ...); a measurement the run did not take (no
 * validation split, no held-out classes, no angle statistics for a pair loss) is null and left out.
 * Accuracies are fractions in [0, 1]; angles are in degrees; times in seconds.
 *
 * @param epoch the epoch, 1-based
 * @param trainLoss mean training loss of the epoch
 * @param trainAccuracy training accuracy of the head (classifying losses only)
 * @param learningRate the learning rate at the end of the epoch
 * @param imagesPerSecond training throughput
 * @param trainSeconds time spent training (without validation)
 * @param meanTargetAngleDeg mean angle between an embedding and its class centre (margin heads)
 * @param meanNearestOtherAngleDeg mean angle to the nearest other class centre (margin heads)
 * @param valAccuracy k-NN accuracy of the validation images of the training classes
 * @param valNewClassAccuracy k-NN accuracy of the held-out classes' queries
 * @param valNewClassCentroidAccuracy nearest-centroid accuracy of the held-out classes' queries
 * @param valSeconds time spent validating
 * @param pixelBaselineValAccuracy the raw-pixel baseline's {@code valAccuracy}, same images
 * @param convergence the convergence guard's status ({@code ok}, {@code warming_up}, {@code
 *     near_chance}, ...)
 * @param skippedBatches batches whose loss was not finite, left out without an update (null: none)
 * @param bestEpoch with {@code --keep-best}: the best epoch so far
 * @param seconds wall time of the whole epoch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochMetrics(
    int epoch,
    Double trainLoss,
    Double trainAccuracy,
    Double learningRate,
    Double imagesPerSecond,
    Double trainSeconds,
    Double meanTargetAngleDeg,
    Double meanNearestOtherAngleDeg,
    Double valAccuracy,
    Double valNewClassAccuracy,
    Double valNewClassCentroidAccuracy,
    Double valSeconds,
    Double pixelBaselineValAccuracy,
    String convergence,
    Integer skippedBatches,
    Integer bestEpoch,
    Double seconds) {

  /** The one-line summary printed after each epoch. */
  public String summary() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %d: loss %.4f, %.0f img/s",
                epoch,
                orNaN(trainLoss),
                orNaN(imagesPerSecond)));
    if (valAccuracy != null) {
      sb.append(String.format(Locale.ROOT, ", val accuracy %.4f", valAccuracy));
    }
    if (valNewClassAccuracy != null) {
      sb.append(String.format(Locale.ROOT, ", new-class accuracy %.4f", valNewClassAccuracy));
    }
    return sb.toString();
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }
}
