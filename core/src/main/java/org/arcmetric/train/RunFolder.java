package org.arcmetric.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.arcmetric.model.EpochMetrics;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.options.OutputFolder;

/**
 * The model folder while a run trains into it: prepared empty for a new run or found with a
 * checkpoint for {@code --resume}, its training log ({@code train-log.jsonl}, one {@link
 * EpochMetrics} line per epoch) cut back to the checkpoint's epoch on resume and read for the epoch
 * that ships. The checkpoints themselves are {@link Checkpoints}. Stateless.
 */
final class RunFolder {
  private RunFolder() {}

  /**
   * Makes {@code outDir} ready: for a new run, refuses a folder that holds a model or a run and
   * creates it; for a resumed run, returns its latest checkpoint.
   *
   * @return the checkpoint to resume from, or null for a new run
   */
  static CheckpointPointer prepare(Path outDir, boolean resume) throws IOException {
    CheckpointPointer latest = check(outDir, resume);
    if (latest == null) {
      Files.createDirectories(outDir);
    }
    return latest;
  }

  /**
   * What {@link #prepare} refuses, without writing anything: a file as {@code outDir}, a folder
   * that holds a model or a run (new run), a folder without a checkpoint ({@code resume}).
   *
   * @return the checkpoint to resume from, or null for a new run
   */
  static CheckpointPointer check(Path outDir, boolean resume) throws IOException {
    OutputFolder.requireNotRoot(outDir, "out");
    if (Files.isRegularFile(outDir)) {
      throw new InvalidOptionException(
          "{out} " + outDir + " is a file; give a folder for the model");
    }
    if (resume) {
      CheckpointPointer latest = Checkpoints.latest(outDir);
      if (latest == null) {
        throw new InvalidOptionException(
            outDir + " has no checkpoint to resume from; train without {resume}");
      }
      return latest;
    }
    if (Files.exists(outDir.resolve(ModelFolder.INFO_FILE))
        || Files.exists(Checkpoints.dir(outDir))
        || Files.exists(outDir.resolve(ModelFolder.LOG_FILE))) {
      throw new InvalidOptionException(
          outDir
              + " already holds a model or a training run; choose another {out}, or add {resume}"
              + " to continue that run");
    }
    OutputFolder.requireNewOrOwn(outDir, "out", false, "the model");
    return null;
  }

  /** Removes {@code dir} if it is an empty folder; leaves anything else as it is. */
  static void deleteIfEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        Files.delete(dir);
      }
    } catch (IOException e) {
      // not a folder, or not empty now: keep it
    }
  }

  /**
   * Refuses to resume a run whose identity differs from the checkpoint's.
   *
   * @throws InvalidOptionException naming the first component that differs
   */
  static void requireResumable(RunIdentity checkpoint, RunIdentity now) {
    if (!checkpoint.equals(now)) {
      throw new InvalidOptionException(
          "cannot resume: the checkpoint has "
              + checkpoint.differencesFrom(now).get(0)
              + "; use the same data and options as the interrupted run");
    }
  }

  /** Keeps the first {@code keepEpochs} lines of the log (the epochs the checkpoint holds). */
  static void truncateLog(Path outDir, int keepEpochs) throws IOException {
    Path log = outDir.resolve(ModelFolder.LOG_FILE);
    if (!Files.exists(log)) {
      return;
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    List<String> kept = new ArrayList<>(lines.subList(0, Math.min(keepEpochs, lines.size())));
    Files.write(log, kept, StandardCharsets.UTF_8);
  }

  /** Epoch {@code epoch}'s log line (1-based), the last one if there are fewer, null if none. */
  static EpochMetrics logRecord(Path outDir, int epoch) throws IOException {
    List<String> lines =
        Files.readAllLines(outDir.resolve(ModelFolder.LOG_FILE), StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return null;
    }
    return ModelFolder.JSON.readValue(
        lines.get(Math.min(epoch, lines.size()) - 1), EpochMetrics.class);
  }
}
