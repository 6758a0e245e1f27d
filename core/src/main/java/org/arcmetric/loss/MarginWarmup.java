package org.arcmetric.loss;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Margin warm-up: ramps a margin head's margin linearly from 0 to its full value over the first
 * {@code warmupSteps} training steps, which helps margin heads that do not converge from a random
 * start. On a resumed run it continues from {@code startStep}.
 */
final class MarginWarmup extends TrainingListenerAdapter {
  private final MarginHead head;
  private final long warmupSteps;
  private long step;

  MarginWarmup(MarginHead head, long warmupSteps, long startStep) {
    this.head = head;
    this.warmupSteps = Math.max(1, warmupSteps);
    this.step = startStep;
    apply();
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    step++;
    apply();
  }

  private void apply() {
    head.setMarginFactor((float) Math.min(1.0, (double) step / warmupSteps));
  }
}
