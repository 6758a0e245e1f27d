package org.arcmetric.train;

import org.arcmetric.model.EpochMetrics;

/**
 * The {@link EpochMetrics} of the epoch in progress while the listeners fill it in, each its own
 * fields. Training thread only.
 */
final class EpochDraft {
  Double trainLoss;
  Double trainAccuracy;
  Double learningRate;
  Double imagesPerSecond;
  Double trainSeconds;
  Double meanTargetAngleDeg;
  Double meanNearestOtherAngleDeg;
  Double valAccuracy;
  Double valNewClassAccuracy;
  Double valNewClassCentroidAccuracy;
  Double valSeconds;
  Double pixelBaselineValAccuracy;
  String convergence;
  Integer skippedBatches;
  Integer bestEpoch;

  EpochMetrics finish(int epoch, double seconds) {
    return new EpochMetrics(
        epoch,
        trainLoss,
        trainAccuracy,
        learningRate,
        imagesPerSecond,
        trainSeconds,
        meanTargetAngleDeg,
        meanNearestOtherAngleDeg,
        valAccuracy,
        valNewClassAccuracy,
        valNewClassCentroidAccuracy,
        valSeconds,
        pixelBaselineValAccuracy,
        convergence,
        skippedBatches,
        bestEpoch,
        seconds);
  }
}
