package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.model.EpochMetrics;
import org.arcmetric.model.ModelFolder;

/**
 * Ends each epoch: appends its record as one JSON line to {@code train-log.jsonl}, saves a
 * checkpoint, prints a one-line summary, and moves the run state to the next epoch. Registered
 * last, after the listeners that fill the record.
 */
final class EpochRecorder extends TrainingListenerAdapter {
  private final RunState state;
  private final Path modelDir;
  private final CheckpointPointer run;
  private final PrintStream progress;
  private final List<EpochMetrics> history = new ArrayList<>();

  EpochRecorder(RunState state, Path modelDir, CheckpointPointer run, PrintStream progress) {
    this.state = state;
    this.modelDir = modelDir;
    this.run = run;
    this.progress = progress;
  }

  List<EpochMetrics> history() {
    return history;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    EpochMetrics record =
        state.record.finish(state.epoch, (System.nanoTime() - state.epochStartNanos) / 1e9);
    history.add(record);
    try {
      Files.writeString(
          modelDir.resolve(ModelFolder.LOG_FILE),
          ModelFolder.JSON
                  .writer()
                  .without(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(record)
              + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Checkpoints.save(trainer.getModel(), modelDir, state.epoch, run);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint in " + modelDir, e);
    }
    progress.println(record.summary());
    progress.flush();
    state.nextEpoch();
  }
}
