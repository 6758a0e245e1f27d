package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * What the listeners of one training run share: the epoch in progress (1-based), the batch of it in
 * progress (1-based; counted by {@link #batchCounter()}), the plan, and the record being filled for
 * the current epoch. Used from the training thread only.
 */
final class RunState {
  final int epochs;
  final int batchesPerEpoch;
  final int batchSize;
  int epoch;
  int batch;
  long epochStartNanos = System.nanoTime();
  EpochDraft record = new EpochDraft();

  RunState(int firstEpoch, int epochs, int batchesPerEpoch, int batchSize) {
    this.epoch = firstEpoch;
    this.epochs = epochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.batchSize = batchSize;
  }

  /**
   * The listener that counts the batches of the epoch in {@link #batch}: registered before every
   * listener that reads it.
   */
  TrainingListener batchCounter() {
    return new TrainingListenerAdapter() {
      @Override
      public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        batch++;
      }
    };
  }

  /** Moves to the next epoch with an empty record. */
  void nextEpoch() {
    epoch++;
    batch = 0;
    record = new EpochDraft();
    epochStartNanos = System.nanoTime();
  }
}
