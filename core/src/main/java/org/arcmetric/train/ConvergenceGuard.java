package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.PrintStream;
import java.util.function.UnaryOperator;
import org.arcmetric.model.Convergence;

/**
 * After each epoch, reads the validation accuracy {@link EpochValidator} recorded and says plainly
 * (on the progress stream, and in the epoch's record as {@code convergence}) when it is still near
 * chance or below the raw-pixel baseline ({@link Convergence}); epochs inside the learning-rate
 * warm-up are recorded as {@code warming_up} and not warned about. It never stops training: a slow
 * start may recover, and the user decides. Must be registered after the validator and before the
 * recorder. Used from the training thread only.
 */
final class ConvergenceGuard extends TrainingListenerAdapter {
  private final RunState state;
  private final int classes;
  private final double pixelBaseline;
  private final Convergence.Regime regime;
  private final PrintStream progress;
  private final UnaryOperator<String> optionNames;
  private Convergence last;

  ConvergenceGuard(
      RunState state,
      int classes,
      double pixelBaseline,
      Convergence.Regime regime,
      PrintStream progress,
      UnaryOperator<String> optionNames) {
    this.optionNames = optionNames;
    this.state = state;
    this.classes = classes;
    this.pixelBaseline = pixelBaseline;
    this.regime = regime;
    this.progress = progress;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    state.record.pixelBaselineValAccuracy = pixelBaseline;
    Double acc = state.record.valAccuracy;
    if (acc == null) {
      return; // no validation split: nothing to judge
    }
    last =
        Convergence.judge(state.epoch, acc, classes, pixelBaseline, regime)
            .withOptionNames(optionNames);
    state.record.convergence = last.status();
    if (!last.ok()) {
      progress.println("arcmetric: warning: " + last.advice());
    }
  }

  /** The last epoch's verdict, or null when there was no validation split. */
  Convergence last() {
    return last;
  }
}
