package org.arcmetric.train;

/**
 * Training ended early because a {@link StopRequest} asked it to. The message says at which epoch
 * and step, and which checkpoint (if any) the run's folder keeps for {@code resume}.
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The number of epochs the folder's last checkpoint holds; 0 when none had finished. */
  private final int savedEpochs;

  public TrainingStoppedException(String message, int savedEpochs) {
    super(message);
    this.savedEpochs = savedEpochs;
  }

  /** The number of epochs the folder's last checkpoint holds; 0 when none had finished. */
  public int savedEpochs() {
    return savedEpochs;
  }
}
