package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.util.Locale;
import org.arcmetric.loss.LossRegistry;

/**
 * Stops training with a {@link TrainingDivergedException} as soon as a batch's loss is NaN or
 * infinite, and before a checkpoint if any weight has become non-finite (a last batch can poison
 * the weights with a finite loss). Must be registered after DJL's {@link
 * EvaluatorTrainingListener}, which computes the batch loss it reads.
 */
final class DivergenceGuard extends TrainingListenerAdapter {
  private final RunState state;
  private final String advice;

  /**
   * A loss above this is treated as divergence: cross-entropy over logits bounded by the largest
   * allowed scale (s ≤ {@value LossRegistry#MAX_SCALE}, logits in [−s, s]) is at most about 2s + ln
   * C, far below it.
   */
  static final float EXPLODED = 1e4f;

  /** {@code advice} ends the message: where the last checkpoint is and what to change. */
  DivergenceGuard(RunState state, String advice) {
    this.state = state;
    this.advice = advice;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    float loss = trainer.getLoss().getAccumulator(EvaluatorTrainingListener.TRAIN_ALL);
    if (!Float.isFinite(loss)) {
      throw diverged("the loss is " + loss);
    }
    if (loss > EXPLODED) {
      // finite but meaningless: softmax cross-entropy with a bounded scale stays far below this
      throw diverged(
          String.format(Locale.ROOT, "the loss is %.3g and growing without bound", loss));
    }
  }

  @Override
  public void onEpoch(Trainer trainer) {
    for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
      if (!finite(p.getValue().getArray())) {
        throw diverged("parameter " + p.getKey() + " is not finite");
      }
    }
  }

  /**
   * Whether every value of {@code a} is finite. The arrays it computes are closed here: arrays
   * computed from a parameter stay on the parameter's manager, which lives as long as the model.
   */
  static boolean finite(NDArray a) {
    try (NDArray inf = a.isInfinite();
        NDArray nan = a.isNaN();
        NDArray bad = inf.logicalOr(nan);
        NDArray none = bad.none()) {
      return none.getBoolean();
    }
  }

  private TrainingDivergedException diverged(String what) {
    return new TrainingDivergedException(
        String.format(
            Locale.ROOT,
            "training diverged at epoch %d, batch %d: %s. %s",
            state.epoch,
            state.batch,
            what,
            advice));
  }
}
