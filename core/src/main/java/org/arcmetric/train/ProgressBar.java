package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints training progress to a stream (stderr in the CLI): epoch, batch, running mean loss,
 * images/s and the time left in the epoch. On a terminal the line is redrawn in place at most twice
 * a second; otherwise (logs, CI) a line is printed at every quarter of an epoch.
 */
final class ProgressBar extends TrainingListenerAdapter {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final RunState state;
  private final boolean terminal;

  /** Least time between two progress lines written to a log (not a terminal). */
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private long lastPrint;
  private int lastQuarter;

  ProgressBar(PrintStream out, RunState state, boolean terminal) {
    this.out = out;
    this.state = state;
    this.terminal = terminal;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    long now = System.nanoTime();
    int quarter = 4 * state.batch / Math.max(1, state.batchesPerEpoch);
    // redrawn twice a second on a terminal; into a log, a line every 10 s at most (and the
    // epoch's last batch), so a long run's log stays readable
    boolean due =
        terminal
            ? now - lastPrint > 500_000_000L || state.batch == state.batchesPerEpoch
            : now - lastPrint > LOG_INTERVAL_NANOS && quarter > lastQuarter
                || state.batch == state.batchesPerEpoch;
    if (!due) {
      return;
    }
    lastPrint = now;
    lastQuarter = quarter;
    float loss = trainer.getLoss().getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH);
    double seconds = (now - state.epochStartNanos) / 1e9;
    double rate = state.batch * state.batchSize / Math.max(seconds, 1e-9);
    long left =
        (long) ((state.batchesPerEpoch - state.batch) * state.batchSize / Math.max(rate, 1e-9));
    int filled = WIDTH * state.batch / Math.max(1, state.batchesPerEpoch);
    String line =
        String.format(
            Locale.ROOT,
            "epoch %d/%d [%s%s] %d/%d loss %.4f %.0f img/s ETA %s",
            state.epoch,
            state.epochs,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            state.batch,
            state.batchesPerEpoch,
            loss,
            rate,
            format(Duration.ofSeconds(left)));
    if (terminal) {
      out.print("\r" + line + "   ");
      if (state.batch == state.batchesPerEpoch) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onEpoch(Trainer trainer) {
    lastQuarter = 0;
  }

  static String format(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
