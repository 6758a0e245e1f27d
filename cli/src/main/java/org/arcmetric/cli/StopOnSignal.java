package org.arcmetric.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.arcmetric.train.StopRequest;

/**
 * Turns SIGINT and SIGTERM (Ctrl-C, {@code kill}) during a long command into a {@link StopRequest}:
 * the JVM runs this shutdown hook on the signal, the hook asks the command to stop at its next safe
 * point and waits until the command has closed its native resources ({@link #close()}), for at most
 * {@link #GRACE_SECONDS}. Without it the JVM tears PyTorch down while the command's thread is still
 * inside a step, which crashes the process (a core dump and an {@code hs_err_pid*.log} in the
 * working folder) and can cut short a checkpoint being written.
 *
 * <p>Use one per command, in try-with-resources around the work; the process still ends with the
 * signal's status (130 or 143).
 */
final class StopOnSignal implements AutoCloseable {
  /** How long a signalled process waits for the command to reach a safe point. */
  static final int GRACE_SECONDS = 120;

  /** Whether a signal has started the JVM's shutdown while a command ran (any instance). */
  private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

  private final StopRequest stop = new StopRequest();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  StopOnSignal(PrintWriter err, String what) {
    hook =
        new Thread(
            () -> {
              SIGNALLED.set(true);
              stop.request();
              err.println(
                  "arcmetric: stopping "
                      + what
                      + " after the current step (waits up to "
                      + GRACE_SECONDS
                      + " s; kill -9 stops at once)");
              err.flush();
              try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "arcmetric-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Whether a signal is ending this JVM: then {@code main} must not call {@code System.exit}, whose
   * status could win the race against the signal's (130 or 143) once the hooks have run.
   */
  static boolean signalled() {
    return SIGNALLED.get();
  }

  /** What the command polls. */
  StopRequest request() {
    return stop;
  }

  /** The command has stopped (or ended): a waiting hook lets the JVM exit. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: it returns now that the latch is open
    }
  }
}
