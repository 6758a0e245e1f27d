package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.util.Locale;
import org.arcmetric.loss.LossRegistry;

/**
 * Stops training with a {@link TrainingDivergedException} when the loss stays NaN or infinite, and
 * before a checkpoint if any weight has become non-finite (a last batch can poison the weights with
 * a finite loss). A single batch with a non-finite loss is skipped by the {@link TrainingLoop}
 * without an update and reported here ({@link #skipped}): said on the progress stream, counted in
 * the epoch's record ({@code skipped_batches}); {@value #MAX_CONSECUTIVE_SKIPS} such batches in a
 * row stop the run. Must be registered after DJL's {@link EvaluatorTrainingListener}, which
 * computes the batch loss it reads. Used from the training thread only.
 */
final class DivergenceGuard extends TrainingListenerAdapter {
  /**
   * Batches in a row with a non-finite loss that stop the run: one is a stray value (a corner of
   * the arithmetic, or a CPU library's fault), several in a row mean the weights have gone bad.
   */
  static final int MAX_CONSECUTIVE_SKIPS = 3;

  private final RunState state;
  private final String advice;
  private final PrintStream progress;
  private int consecutive;
  private int skippedThisEpoch;

  /**
   * A loss above this is treated as divergence: cross-entropy over logits bounded by the largest
   * allowed scale (s ≤ {@value LossRegistry#MAX_SCALE}, logits in [−s, s]) is at most about 2s + ln
   * C, far below it.
   */
  static final float EXPLODED = 1e4f;

  /**
   * {@code advice} ends the message: where the last checkpoint is and what to change; skipped
   * batches are reported on {@code progress}.
   */
  DivergenceGuard(RunState state, String advice, PrintStream progress) {
    this.state = state;
    this.advice = advice;
    this.progress = progress;
  }

  /**
   * A batch whose loss was {@code loss} (not finite) was left out without an update: counted as the
   * epoch's next batch, reported, and the run stopped when it is the {@value
   * #MAX_CONSECUTIVE_SKIPS}th in a row.
   *
   * @throws TrainingDivergedException at the {@value #MAX_CONSECUTIVE_SKIPS}th in a row
   */
  void skipped(float loss) {
    state.batch++;
    consecutive++;
    skippedThisEpoch++;
    if (consecutive >= MAX_CONSECUTIVE_SKIPS) {
      throw diverged("the loss was " + loss + " in " + consecutive + " batches in a row");
    }
    progress.printf(
        Locale.ROOT,
        "arcmetric: warning: epoch %d, batch %d: the loss is %s; the batch is skipped (no"
            + " update)%n",
        state.epoch,
        state.batch,
        loss);
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    // a non-finite batch loss never gets here: the TrainingLoop skips that batch and calls skipped
    float loss = trainer.getLoss().getAccumulator(EvaluatorTrainingListener.TRAIN_ALL);
    if (loss > EXPLODED) {
      // finite but meaningless: softmax cross-entropy with a bounded scale stays far below this
      throw diverged(
          String.format(Locale.ROOT, "the loss is %.3g and growing without bound", loss));
    }
    consecutive = 0;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    state.record.skippedBatches = skippedThisEpoch > 0 ? skippedThisEpoch : null;
    skippedThisEpoch = 0;
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
