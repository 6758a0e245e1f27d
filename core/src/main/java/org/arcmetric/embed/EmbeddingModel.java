package org.arcmetric.embed;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import org.arcmetric.data.InputShape;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;

/**
 * A trained model loaded for prediction: the embedding network without its training head.
 *
 * <pre>{@code
 * try (EmbeddingModel model = EmbeddingModel.load(Path.of("model"));
 *     Embedder embedder = model.newEmbedder()) {
 *   float[] v = embedder.embed(pixels);
 * }
 * }</pre>
 *
 * Thread-safe: several threads may each create and use their own {@link Embedder}.
 */
public final class EmbeddingModel implements AutoCloseable {
  private final Path dir;
  private final ModelInfo info;
  private final Model model;

  private EmbeddingModel(Path dir, ModelInfo info, Model model) {
    this.dir = dir;
    this.info = info;
    this.model = model;
  }

  /** Loads a model folder written by {@code train}. */
  public static EmbeddingModel load(Path dir) throws IOException {
    ModelInfo info = ModelFolder.readInfo(dir);
    return new EmbeddingModel(dir, info, ModelFolder.loadEmbeddingModel(dir, info));
  }

  public Path dir() {
    return dir;
  }

  public ModelInfo info() {
    return info;
  }

  /** {@code sha256:HEX} of the weights; galleries store it. */
  public String fingerprint() {
    return info.fingerprint();
  }

  public InputShape inputShape() {
    return info.input();
  }

  public int dimension() {
    return info.embeddingDim();
  }

  /** A new embedder (not thread-safe; one per thread). */
  public Embedder newEmbedder() {
    return newEmbedder(Embedder.DEFAULT_BATCH);
  }

  /** A new embedder that runs {@code batchSize} images per forward pass. */
  public Embedder newEmbedder(int batchSize) {
    return new Embedder(
        model.newPredictor(new PixelTranslator(info.input(), info.normalization())), batchSize);
  }

  @Override
  public void close() {
    model.close();
  }
}
