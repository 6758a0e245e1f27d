package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Ends training with a {@link TrainingStoppedException} at the first step after a {@link
 * StopRequest}: checked after each batch's backward pass and before its update (where DJL calls
 * it), so the checkpoint written at the end of an epoch is never cut short. Registered first.
 */
final class StopListener extends TrainingListenerAdapter {
  private final StopRequest stop;
  private final RunState state;
  private final Path modelDir;
  private final UnaryOperator<String> optionNames;

  StopListener(StopRequest stop, RunState state, Path modelDir, UnaryOperator<String> optionNames) {
    this.stop = stop;
    this.state = state;
    this.modelDir = modelDir;
    this.optionNames = optionNames;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    if (stop.requested()) {
      throw stopped();
    }
  }

  TrainingStoppedException stopped() {
    int saved = state.epoch - 1;
    String kept =
        saved > 0
            ? String.format(
                Locale.ROOT,
                "the checkpoint of epoch %d is kept in %s: train again with the same options and"
                    + " %s to continue from it",
                saved,
                Checkpoints.dir(modelDir),
                optionNames.apply("resume"))
            : "no epoch had finished, so there is no checkpoint to continue from";
    return new TrainingStoppedException(
        String.format(
            Locale.ROOT,
            "training stopped on request at epoch %d of %d, step %d; %s",
            state.epoch,
            state.epochs,
            state.batch,
            kept),
        saved);
  }
}
