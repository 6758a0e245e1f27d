package org.arcmetric.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;

/**
 * The server's embedders: one {@link Embedder} per worker (DJL predictors are not thread-safe)
 * behind a {@link DynamicBatcher}, so concurrent requests share forward passes. Thread-safe.
 */
final class EmbedderPool implements AutoCloseable {
  /** Images per shared forward pass at most. */
  static final int MAX_BATCH = 64;

  /** How long a worker waits for more requests to join a batch. */
  static final long WINDOW_MICROS = 2_000;

  private final List<Embedder> embedders = new ArrayList<>();
  private final DynamicBatcher batcher;

  EmbedderPool(EmbeddingModel model, int size) {
    List<Function<List<byte[]>, float[][]>> fns = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Embedder e = model.newEmbedder(MAX_BATCH);
      embedders.add(e);
      fns.add(e::embed);
    }
    batcher = new DynamicBatcher(fns, MAX_BATCH, WINDOW_MICROS);
  }

  /** Embeds the images (uint8 CHW at the model's input shape), one row each. */
  float[][] embed(List<byte[]> pixels) throws InterruptedException {
    return batcher.embed(pixels);
  }

  @Override
  public void close() {
    batcher.close();
    embedders.forEach(Embedder::close);
  }
}
