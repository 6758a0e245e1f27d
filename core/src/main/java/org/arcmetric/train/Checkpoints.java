package org.arcmetric.train;

import ai.djl.Model;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.arcmetric.model.ModelFolder;

/**
 * Training checkpoints of a model folder: {@code checkpoints/epoch-NNN/checkpoint-0000.params}
 * holds the whole training network (embedding and head), {@code checkpoints/latest.json} names the
 * last complete one with the state needed to resume. The pointer is replaced atomically after the
 * new checkpoint is written, and older checkpoints are deleted only then, so a crash at any moment
 * leaves a usable checkpoint.
 *
 * <p>Optimiser state (Adam's moments) is not saved: a resumed run restarts it, which costs a few
 * batches of re-estimation; the learning-rate schedule continues where it stopped.
 */
final class Checkpoints {
  static final String PREFIX = "checkpoint";
  static final String LATEST = "latest.json";

  private Checkpoints() {}

  static Path dir(Path modelDir) {
    return modelDir.resolve(ModelFolder.CHECKPOINT_DIR);
  }

  /** Saves the model after {@code epoch} with {@code state}, then prunes older checkpoints. */
  static void save(Model model, Path modelDir, int epoch, CheckpointPointer run)
      throws IOException {
    Path root = dir(modelDir);
    String name = String.format("epoch-%03d", epoch);
    Path target = root.resolve(name);
    Files.createDirectories(target);
    model.save(target, PREFIX);
    ModelFolder.writeJsonAtomically(root.resolve(LATEST), run.at(epoch, name));
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("epoch-")).toList()) {
        if (!p.getFileName().toString().equals(name)) {
          deleteTree(p);
        }
      }
    }
  }

  /** The state saved with the latest checkpoint, or null if there is none. */
  static CheckpointPointer latest(Path modelDir) throws IOException {
    Path p = dir(modelDir).resolve(LATEST);
    if (!Files.isRegularFile(p)) {
      return null;
    }
    try {
      return ModelFolder.JSON.readValue(p.toFile(), CheckpointPointer.class);
    } catch (JacksonException e) {
      throw new IOException(
          p + " is damaged (" + e.getOriginalMessage() + "); train again without {resume}", e);
    }
  }

  /** Folder of the latest checkpoint. */
  static Path latestPath(Path modelDir, CheckpointPointer latest) {
    return dir(modelDir).resolve(latest.path());
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
