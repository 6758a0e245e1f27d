package org.arcmetric.compute;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's gradient recording off on this thread until closed, then restores it. PyTorch
 * keeps grad mode per thread and starts every new thread with it on, so a forward pass on any
 * thread but the engine's first records an autograd graph (and keeps every activation for it)
 * unless told otherwise: every inference path opens one of these.
 *
 * <pre>{@code
 * try (NoGrad g = NoGrad.enter()) {
 *   ... forward passes ...
 * }
 * }</pre>
 *
 * Use from one thread: close it on the thread that entered it.
 */
public final class NoGrad implements AutoCloseable {
  private final boolean was;

  private NoGrad(boolean was) {
    this.was = was;
  }

  /** Turns grad mode off on this thread; {@link #close()} restores what it was. */
  public static NoGrad enter() {
    boolean was = JniUtils.isGradMode();
    if (was) {
      JniUtils.setGradMode(false);
    }
    return new NoGrad(was);
  }

  @Override
  public void close() {
    if (was) {
      JniUtils.setGradMode(true);
    }
  }
}
