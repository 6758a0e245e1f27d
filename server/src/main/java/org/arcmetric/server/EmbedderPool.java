package org.arcmetric.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;

/**
 * A bounded pool of {@link Embedder}s: DJL predictors are not thread-safe, so each request borrows
 * one for its forward pass and returns it; at most {@code size} passes run at once and the rest
 * wait. Thread-safe.
 */
final class EmbedderPool implements AutoCloseable {
  private final BlockingQueue<Embedder> idle;
  private final List<Embedder> all = new ArrayList<>();

  EmbedderPool(EmbeddingModel model, int size) {
    idle = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      Embedder e = model.newEmbedder();
      all.add(e);
      idle.add(e);
    }
  }

  /** Embeds the images (uint8 CHW at the model's input shape), one row each. */
  float[][] embed(List<byte[]> pixels) throws InterruptedException {
    Embedder e = idle.take();
    try {
      return e.embed(pixels);
    } finally {
      idle.add(e);
    }
  }

  @Override
  public void close() {
    all.forEach(Embedder::close);
  }
}
