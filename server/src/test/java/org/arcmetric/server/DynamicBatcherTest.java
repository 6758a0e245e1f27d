package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
  /** A slow fake model: row i is {first byte of image i}, after 20 ms per call. */
  static Function<List<byte[]>, float[][]> fake(AtomicInteger calls, AtomicInteger biggest) {
    return images -> {
      calls.incrementAndGet();
      biggest.accumulateAndGet(images.size(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      float[][] out = new float[images.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = new float[] {images.get(i)[0]};
      }
      return out;
    };
  }

  @Test
  void concurrentRequestsShareForwardPassesAndGetTheirOwnRows() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger biggest = new AtomicInteger();
    try (DynamicBatcher b = new DynamicBatcher(List.of(fake(calls, biggest)), 16, 5_000)) {
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<float[][]>> fs = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        byte id = (byte) i;
        fs.add(pool.submit(() -> b.embed(List.of(new byte[] {id}, new byte[] {id}))));
      }
      for (int i = 0; i < 64; i++) {
        float[][] r = fs.get(i).get();
        assertThat(r).hasNumberOfRows(2);
        assertThat(r[0][0]).isEqualTo(i);
        assertThat(r[1][0]).isEqualTo(i);
      }
      pool.shutdown();
    }
    assertThat(calls.get()).as("forward passes for 64 requests").isLessThan(32);
    assertThat(biggest.get()).isGreaterThan(2).isLessThanOrEqualTo(16);
  }

  @Test
  void aFailingPassFailsOnlyItsRequests() throws Exception {
    try (DynamicBatcher b =
        new DynamicBatcher(
            List.of(
                images -> {
                  throw new IllegalArgumentException("boom");
                }),
            8,
            100)) {
      assertThatThrownBy(() -> b.embed(List.of(new byte[] {1}))).hasMessage("boom");
    }
  }
}
