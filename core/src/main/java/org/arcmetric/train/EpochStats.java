package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.tracker.Tracker;
import java.util.Map;

/**
 * Starts each epoch's record with the training figures: epoch, mean training loss, training
 * accuracy (of the margin logits, so below the true accuracy), learning rate at the epoch's end,
 * images/s and seconds of the training pass (before validation). Registered after DJL's {@link
 * EvaluatorTrainingListener}, whose epoch averages it reads.
 */
final class EpochStats extends TrainingListenerAdapter {
  private final RunState state;
  private final EvaluatorTrainingListener evaluators;
  private final Tracker learningRate;

  EpochStats(RunState state, EvaluatorTrainingListener evaluators, Tracker learningRate) {
    this.state = state;
    this.evaluators = evaluators;
    this.learningRate = learningRate;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    double seconds = (System.nanoTime() - state.epochStartNanos) / 1e9;
    Map<String, Float> latest = evaluators.getLatestEvaluations();
    state.record.trainLoss = boxed(latest.get("train_loss"));
    Float acc = latest.get("train_Accuracy");
    if (acc != null) {
      state.record.trainAccuracy = (double) acc;
    }
    state.record.learningRate =
        (double) learningRate.getNewValue(state.epoch * state.batchesPerEpoch);
    state.record.imagesPerSecond = state.batchesPerEpoch * (double) state.batchSize / seconds;
    state.record.trainSeconds = seconds;
  }

  private static Double boxed(Float f) {
    return f == null ? null : (double) f;
  }
}
