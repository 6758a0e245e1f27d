package org.arcmetric.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dynamic batching: requests that wait at the same time share one forward pass. Each worker thread
 * owns one model function (a DJL predictor is not thread-safe), takes the first waiting request,
 * then gathers more for at most {@code windowMicros} or until {@code maxBatch} images, runs them as
 * one batch and hands each request its rows. With one request at a time this adds at most the
 * window to its latency; under concurrency the throughput approaches the batched throughput.
 * Thread-safe.
 */
final class DynamicBatcher implements AutoCloseable {
  private record Job(List<byte[]> images, CompletableFuture<float[][]> result) {}

  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final int maxBatch;
  private final long windowNanos;
  private volatile boolean closed;

  /**
   * @param models one embedding function per worker; each is called from its worker only
   */
  DynamicBatcher(List<Function<List<byte[]>, float[][]>> models, int maxBatch, long windowMicros) {
    this.maxBatch = maxBatch;
    this.windowNanos = TimeUnit.MICROSECONDS.toNanos(windowMicros);
    for (int i = 0; i < models.size(); i++) {
      Function<List<byte[]>, float[][]> model = models.get(i);
      Thread t = new Thread(() -> work(model), "arcmetric-embed-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /** Embeds {@code images}, sharing a forward pass with requests waiting at the same time. */
  float[][] embed(List<byte[]> images) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("the server is stopping");
    }
    CompletableFuture<float[][]> f = new CompletableFuture<>();
    queue.add(new Job(images, f));
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    }
  }

  private void work(Function<List<byte[]>, float[][]> model) {
    while (!closed) {
      List<Job> jobs = new ArrayList<>();
      try {
        Job first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        jobs.add(first);
        int n = first.images().size();
        long deadline = System.nanoTime() + windowNanos;
        while (n < maxBatch) {
          long left = deadline - System.nanoTime();
          Job more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (more == null) {
            break;
          }
          jobs.add(more);
          n += more.images().size();
        }
        List<byte[]> all = new ArrayList<>(n);
        for (Job j : jobs) {
          all.addAll(j.images());
        }
        float[][] out = model.apply(all);
        int row = 0;
        for (Job j : jobs) {
          float[][] mine = new float[j.images().size()][];
          System.arraycopy(out, row, mine, 0, mine.length);
          row += mine.length;
          j.result().complete(mine);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        jobs.forEach(j -> j.result().completeExceptionally(e));
        return;
      } catch (RuntimeException e) {
        jobs.forEach(j -> j.result().completeExceptionally(e));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Job j;
    while ((j = queue.poll()) != null) {
      j.result().completeExceptionally(new IllegalStateException("the server is stopping"));
    }
  }
}
