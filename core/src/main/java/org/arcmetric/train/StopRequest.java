package org.arcmetric.train;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request, from any thread, that a training run stop at its next safe point: between two steps,
 * never while a checkpoint or the training log is being written. {@link EmbeddingTrainer} then ends
 * with a {@link TrainingStoppedException} naming the last checkpoint, which {@code resume}
 * continues from. The command line requests it when the process gets SIGINT or SIGTERM (Ctrl-C,
 * {@code kill}), so a stopped run leaves its folder whole instead of being killed inside PyTorch.
 *
 * <p>Thread-safe: {@link #request()} may be called from any thread, any number of times.
 */
public final class StopRequest {
  private final AtomicBoolean requested = new AtomicBoolean();

  /** Asks the run to stop; true the first time, false when it was already asked. */
  public boolean request() {
    return requested.compareAndSet(false, true);
  }

  /** Whether a stop has been asked for. */
  public boolean requested() {
    return requested.get();
  }
}
