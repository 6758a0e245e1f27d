package org.arcmetric.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.PrintStream;
import org.arcmetric.model.EmbeddingNetwork;

/**
 * Keeps the backbone frozen for the first {@code frozenEpochs} epochs (1-based epochs {@code 1 ..
 * frozenEpochs}) and unfreezes it after: the usual fine-tuning of a pretrained backbone, so that
 * the randomly initialised projection and head do not send large gradients into pretrained layers.
 * A resumed run freezes or not by the epoch it resumes at. Must be registered after {@link
 * EpochRecorder} (which moves {@link RunState} to the next epoch). Training thread only.
 */
final class BackboneFreeze extends TrainingListenerAdapter {
  private final EmbeddingNetwork network;
  private final RunState state;
  private final int frozenEpochs;
  private final PrintStream progress;
  private boolean applied;

  BackboneFreeze(EmbeddingNetwork network, RunState state, int frozenEpochs, PrintStream progress) {
    this.network = network;
    this.state = state;
    this.frozenEpochs = frozenEpochs;
    this.progress = progress;
  }

  /** Freezes or unfreezes for the epoch about to run. */
  void apply() {
    boolean frozen = state.epoch <= frozenEpochs;
    boolean first = !applied;
    applied = true;
    if (frozen != network.backboneFrozen()) {
      network.freezeBackbone(frozen);
    } else if (!(first && frozenEpochs > 0)) {
      return;
    }
    if (frozen) {
      progress.printf("backbone frozen for epochs %d-%d%n", state.epoch, frozenEpochs);
    } else {
      progress.printf("backbone unfrozen from epoch %d%n", state.epoch);
    }
  }

  @Override
  public void onEpoch(Trainer trainer) {
    if (state.epoch <= state.epochs) {
      apply();
    }
  }
}
