package org.arcmetric.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first handler a request meets: counts every admitted request until its answer is completely
 * written (Jetty completes the request's callback after the last byte), and once {@link #drain} was
 * called refuses new requests with a JSON 503 {@code stopping}.
 *
 * <p>A stop must wait on this count, not on the application's handlers returning: Javalin writes an
 * answer after its handlers return, and Jetty's own graceful stop cuts any connection that has
 * carried no bytes for a second, so a stop that began while an answer was still being written could
 * cut it. Thread-safe.
 */
final class DrainHandler extends Handler.Wrapper {
  private static final byte[] STOPPING =
      "{\"error\":\"stopping\",\"message\":\"the server is stopping\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    // Count first, then look: a request that saw draining == false is already counted when
    // drain() reads the count.
    inFlight.incrementAndGet();
    if (draining) {
      inFlight.decrementAndGet();
      response.setStatus(503);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, ByteBuffer.wrap(STOPPING), callback);
      return true;
    }
    AtomicBoolean done = new AtomicBoolean();
    Callback counted =
        new Callback.Nested(callback) {
          @Override
          public void completed() {
            if (done.compareAndSet(false, true)) {
              inFlight.decrementAndGet();
            }
          }
        };
    boolean handled = false;
    try {
      handled = super.handle(request, response, counted);
      return handled;
    } finally {
      if (!handled && done.compareAndSet(false, true)) {
        inFlight.decrementAndGet(); // not ours to answer, or it threw: Jetty answers
      }
    }
  }

  /** Requests admitted whose answer is not yet completely written. */
  int inFlight() {
    return inFlight.get();
  }

  boolean draining() {
    return draining;
  }

  /**
   * Refuses new requests from now on and waits until every admitted answer is written or {@code
   * timeoutMillis} passed.
   *
   * @return whether all answers were written in time
   */
  boolean drain(long timeoutMillis) {
    draining = true;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
