package org.arcmetric.train;

/**
 * What the listeners of one training run share: the epoch in progress (1-based), the plan, and the
 * record being filled for the current epoch. Used from the training thread only.
 */
final class RunState {
  final int epochs;
  final int batchesPerEpoch;
  final int batchSize;
  int epoch;
  long epochStartNanos = System.nanoTime();
  EpochDraft record = new EpochDraft();

  RunState(int firstEpoch, int epochs, int batchesPerEpoch, int batchSize) {
    this.epoch = firstEpoch;
    this.epochs = epochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.batchSize = batchSize;
  }

  /** Moves to the next epoch with an empty record. */
  void nextEpoch() {
    epoch++;
    record = new EpochDraft();
    epochStartNanos = System.nanoTime();
  }
}
