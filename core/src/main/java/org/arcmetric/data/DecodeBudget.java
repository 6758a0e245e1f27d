package org.arcmetric.data;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Memory for decoding images at the same time, in bytes of decoded pixels (width × height × bands ×
 * bytes per sample, known from the header before decoding): a decode takes its share before it
 * starts and gives it back when done, so many concurrent requests for large images wait instead of
 * growing the heap without bound. Thread-safe (a fair semaphore of kibibytes).
 */
public final class DecodeBudget {
  private final Semaphore kib;
  private final int totalKib;

  /** A budget of {@code bytes} decoded bytes at once. */
  public DecodeBudget(long bytes) {
    this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes >> 10));
    this.kib = new Semaphore(totalKib, true);
  }

  /** Unlimited (each decode is still bounded by its own limit). */
  public static final DecodeBudget NONE = new DecodeBudget(Long.MAX_VALUE);

  /**
   * Waits up to {@code timeoutMillis} for {@code bytes}; returns the kibibytes to {@link #release},
   * or -1 when they did not become free in time.
   */
  int acquire(long bytes, long timeoutMillis) throws InterruptedException {
    int need = (int) Math.min(totalKib, Math.max(1, (bytes + 1023) >> 10));
    return kib.tryAcquire(need, timeoutMillis, TimeUnit.MILLISECONDS) ? need : -1;
  }

  void release(int k) {
    if (k > 0) {
      kib.release(k);
    }
  }

  /** Kibibytes free now (for tests and metrics). */
  public int availableKib() {
    return kib.availablePermits();
  }
}
