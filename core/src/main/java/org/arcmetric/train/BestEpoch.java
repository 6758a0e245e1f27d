package org.arcmetric.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.arcmetric.model.ModelFolder;

/**
 * Keeps the embedding weights of the epoch with the highest {@link #METRIC} — nearest-centroid
 * accuracy of classes held out of training ({@code --val-classes}), enrolled with a few shots — so
 * the model that ships is the one that placed unseen classes best, chosen without looking at the
 * classes a final test calls "new". Saved to {@code best-embedding.params} and {@code best.json} in
 * the model folder, read back on {@code --resume}. Must run after the validator. Training thread
 * only.
 */
final class BestEpoch extends TrainingListenerAdapter {
  /** The epoch record's key it maximises. */
  static final String METRIC = "val_new_class_centroid_accuracy";

  static final String PARAMS = "best-embedding.params";
  static final String INFO = "best.json";

  /** The best epoch so far. */
  record Best(int epoch, double value) {}

  private final RunState state;
  private final Block embedding;
  private final Path dir;
  private Best best;

  BestEpoch(RunState state, Block embedding, Path dir) throws IOException {
    this.state = state;
    this.embedding = embedding;
    this.dir = dir;
    Path info = dir.resolve(INFO);
    this.best =
        Files.isRegularFile(info) ? ModelFolder.JSON.readValue(info.toFile(), Best.class) : null;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    Double v = state.record.valNewClassCentroidAccuracy;
    if (v == null) {
      return;
    }
    if (best == null || v > best.value()) {
      best = new Best(state.epoch, v);
      Path tmp = dir.resolve(PARAMS + ".tmp");
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
        embedding.saveParameters(out);
      } catch (IOException e) {
        throw new UncheckedIOException("could not save the best epoch's weights in " + dir, e);
      }
      try {
        Files.move(
            tmp,
            dir.resolve(PARAMS),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        ModelFolder.writeJsonAtomically(dir.resolve(INFO), best);
      } catch (IOException e) {
        throw new UncheckedIOException("could not save the best epoch's weights in " + dir, e);
      }
    }
    state.record.bestEpoch = best.epoch();
  }

  /** The best epoch, or null when none was measured. */
  Best best() {
    return best;
  }

  /** Loads the best epoch's weights into {@code embedding}; false when there are none. */
  static boolean restore(Block embedding, NDManager manager, Path dir) throws IOException {
    Path params = dir.resolve(PARAMS);
    if (!Files.isRegularFile(params)) {
      return false;
    }
    try (DataInputStream in = new DataInputStream(Files.newInputStream(params))) {
      embedding.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException(params + " is damaged: " + e.getMessage(), e);
    }
    return true;
  }
}
