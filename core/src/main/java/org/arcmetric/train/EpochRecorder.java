package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arcmetric.model.ModelFolder;

/**
 * Ends each epoch: appends its record as one JSON line to {@code train-log.jsonl}, saves a
 * checkpoint, prints a one-line summary, and moves the run state to the next epoch. Registered
 * last, after the listeners that fill the record.
 */
final class EpochRecorder extends TrainingListenerAdapter {
  private final RunState state;
  private final Path modelDir;
  private final Map<String, Object> resumeState;
  private final PrintStream progress;
  private final List<Map<String, Object>> history = new ArrayList<>();

  EpochRecorder(
      RunState state, Path modelDir, Map<String, Object> resumeState, PrintStream progress) {
    this.state = state;
    this.modelDir = modelDir;
    this.resumeState = resumeState;
    this.progress = progress;
  }

  List<Map<String, Object>> history() {
    return history;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    Map<String, Object> record = new LinkedHashMap<>(state.record);
    record.put("seconds", (System.nanoTime() - state.epochStartNanos) / 1e9);
    history.add(record);
    try {
      Files.writeString(
          modelDir.resolve(ModelFolder.LOG_FILE),
          ModelFolder.JSON
                  .writer()
                  .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(record)
              + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Checkpoints.save(trainer.getModel(), modelDir, state.epoch, resumeState);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint in " + modelDir, e);
    }
    progress.println(summary(record));
    progress.flush();
    state.nextEpoch();
  }

  static String summary(Map<String, Object> r) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %s: loss %.4f, %.0f img/s",
                r.get("epoch"),
                number(r.get("train_loss")),
                number(r.get("images_per_second"))));
    if (r.containsKey("val_accuracy")) {
      sb.append(String.format(Locale.ROOT, ", val accuracy %.4f", number(r.get("val_accuracy"))));
    }
    if (r.containsKey("val_new_class_accuracy")) {
      sb.append(
          String.format(
              Locale.ROOT, ", new-class accuracy %.4f", number(r.get("val_new_class_accuracy"))));
    }
    return sb.toString();
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
