package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Lookahead as airbench94 uses it (Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step
 * back"; Jordan 2024): every {@value #EVERY} optimiser steps the slow weights φ move towards the
 * fast weights θ and the fast weights are reset to them,
 *
 * <pre>φ ← α·φ + (1 − α)·θ,   θ ← φ,   α(t) = 0.95⁵ · (t / T)³</pre>
 *
 * where t is the step and T the run's last: no averaging at the start, an exponential average over
 * the last few hundred steps at the end. After the last step, θ ← φ once more, so the network that
 * ships is the average. Every array of the block takes part, BatchNorm's running statistics
 * included (airbench averages its whole state). A resumed run starts φ from the checkpoint's
 * weights.
 *
 * <p>DJL calls a listener between a batch's backward pass and its update, so the pull comes there:
 * the update right after a pull applies the gradient taken before it (in airbench, the next batch's
 * gradient is taken at the pulled weights) — the one difference. The last pull comes at the end of
 * the last epoch, before the listeners registered after this one (validation, checkpoints) look at
 * the weights.
 *
 * <p>Runs on the training thread as a DJL listener; not thread-safe. Holds one copy of the weights
 * on its own manager, closed by {@link #close()} or when training ends.
 */
final class Lookahead extends TrainingListenerAdapter implements AutoCloseable {
  /** Steps between two pulls of the fast weights back to the slow ones (airbench's k). */
  static final int EVERY = 5;

  /** The largest α, reached at the last step: 0.95⁵. */
  static final double MAX_DECAY = Math.pow(0.95, EVERY);

  private final List<NDArray> fast = new ArrayList<>();
  private final List<NDArray> slow = new ArrayList<>();
  private final Block block;
  private final long totalSteps;
  private final int epochs;
  private NDManager manager;
  private long done;
  private int epochsDone;

  /**
   * A Lookahead over {@code block}'s arrays; φ starts at the weights of the first update ({@link
   * #start()}), after any initialisation or checkpoint has set them.
   *
   * @param block the network whose arrays are averaged
   * @param epochs the run's epochs; the last pull comes at the end of the last
   * @param batchesPerEpoch optimiser steps an epoch (T = epochs · batchesPerEpoch)
   * @param epochsDone the epochs already trained (a resumed run), so α continues where it was
   */
  Lookahead(Block block, int epochs, int batchesPerEpoch, int epochsDone) {
    if (epochs <= 0 || batchesPerEpoch <= 0 || epochsDone < 0 || epochsDone >= epochs) {
      throw new IllegalArgumentException(
          "a run of "
              + epochs
              + " epochs of "
              + batchesPerEpoch
              + " steps cannot resume after "
              + epochsDone);
    }
    this.block = block;
    this.epochs = epochs;
    this.totalSteps = (long) epochs * batchesPerEpoch;
    this.epochsDone = epochsDone;
    this.done = (long) epochsDone * batchesPerEpoch;
  }

  /** φ ← θ: copies the block's initialised arrays; called by the first update if not before. */
  void start() {
    if (manager != null) {
      return;
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().isInitialized()) {
        fast.add(p.getValue().getArray());
      }
    }
    if (fast.isEmpty()) {
      throw new IllegalStateException("the block has no initialised parameters");
    }
    manager = fast.get(0).getManager().newSubManager();
    for (NDArray w : fast) {
      NDArray copy = w.duplicate();
      copy.attach(manager);
      slow.add(copy);
    }
  }

  /** α at step t of T: 0.95⁵ · (t / T)³, clamped to [0, 0.95⁵]. */
  static double decay(long t, long total) {
    double f = Math.min(1.0, Math.max(0.0, (double) t / total));
    return MAX_DECAY * f * f * f;
  }

  /**
   * Before a batch's update: pulls the weights when the steps done so far are a multiple of {@value
   * #EVERY}, then counts the update about to be made.
   */
  void beforeUpdate() {
    start();
    if (done > 0 && done % EVERY == 0) {
      pull(decay(done, totalSteps));
    }
    done++;
  }

  /**
   * After the run's last update: the last pull if T is a multiple of {@value #EVERY}, then θ ← φ
   * (the steps after the last pull are dropped, as in airbench).
   */
  void end() {
    start();
    pull(done % EVERY == 0 ? decay(done, totalSteps) : 1.0);
  }

  /** φ ← α·φ + (1 − α)·θ, then θ ← φ, for every array. */
  void pull(double alpha) {
    for (int i = 0; i < fast.size(); i++) {
      NDArray w = fast.get(i);
      NDArray s = slow.get(i);
      s.muli(alpha);
      try (NDArray part = w.mul(1 - alpha)) {
        s.addi(part);
      }
      w.muli(0).addi(s);
    }
  }

  /** The steps done (counting the update of the batch in progress). */
  long steps() {
    return done;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    beforeUpdate();
  }

  @Override
  public void onEpoch(Trainer trainer) {
    epochsDone++;
    if (epochsDone == epochs) {
      end();
    }
  }

  @Override
  public void onTrainingEnd(Trainer trainer) {
    close();
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
    }
  }
}
