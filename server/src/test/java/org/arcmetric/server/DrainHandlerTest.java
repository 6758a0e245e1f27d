package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The in-flight count of {@link DrainHandler}, with inner handlers that end every way they can. */
class DrainHandlerTest {
  /** Jetty's callback for the request, recording how it ended. */
  static final class Outer implements Callback {
    final List<String> ends = new ArrayList<>();

    @Override
    public void succeeded() {
      ends.add("succeeded");
    }

    @Override
    public void failed(Throwable x) {
      ends.add("failed " + x.getMessage());
    }
  }

  static DrainHandler around(Handler inner) {
    DrainHandler d = new DrainHandler();
    d.setHandler(inner);
    return d;
  }

  /** An inner handler that takes every request and keeps its callback in {@code held}. */
  static Handler holding(AtomicReference<Callback> held) {
    return new Handler.Abstract() {
      @Override
      public boolean handle(Request rq, Response rs, Callback cb) {
        held.set(cb);
        return true;
      }
    };
  }

  @Test
  void countsUntilTheCallbackCompletesEitherWay() throws Exception {
    AtomicReference<Callback> held = new AtomicReference<>();
    DrainHandler d = around(holding(held));
    Outer first = new Outer();
    assertThat(d.handle(null, null, first)).isTrue();
    Outer second = new Outer();
    d.handle(null, null, second);
    assertThat(d.inFlight()).as("two answers being written").isEqualTo(2);
    Callback secondCb = held.get();
    secondCb.failed(new IOException("client went away"));
    assertThat(d.inFlight()).isEqualTo(1);
    assertThat(second.ends).containsExactly("failed client went away");
    secondCb.succeeded(); // a second completion is not counted twice
    assertThat(d.inFlight()).isEqualTo(1);
  }

  @Test
  void aHandlerThatThrowsOrDeclinesIsNotCounted() throws Exception {
    DrainHandler throwing =
        around(
            new Handler.Abstract() {
              @Override
              public boolean handle(Request rq, Response rs, Callback cb) {
                throw new IllegalStateException("boom");
              }
            });
    assertThatThrownBy(() -> throwing.handle(null, null, new Outer())).hasMessage("boom");
    assertThat(throwing.inFlight()).isZero();
    DrainHandler declining =
        around(
            new Handler.Abstract() {
              @Override
              public boolean handle(Request rq, Response rs, Callback cb) {
                return false;
              }
            });
    assertThat(declining.handle(null, null, new Outer())).isFalse();
    assertThat(declining.inFlight()).isZero();
  }

  @Test
  void drainWaitsForTheLastAnswerOrGivesUpAtTheTimeout() throws Exception {
    AtomicReference<Callback> held = new AtomicReference<>();
    DrainHandler d = around(holding(held));
    d.handle(null, null, new Outer());
    assertThat(d.drain(50)).as("an answer still unwritten after 50 ms").isFalse();
    assertThat(d.draining()).isTrue();
    Thread finisher =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
              held.get().succeeded();
            });
    finisher.start();
    assertThat(d.drain(30_000)).isTrue();
    assertThat(d.inFlight()).isZero();
    finisher.join();
  }
}
