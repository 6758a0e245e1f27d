package org.arcmetric.train;

/**
 * Training stopped because the loss became NaN or infinite. The message says at which epoch and
 * batch, where the last good checkpoint is, and what to change.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
