package org.arcmetric.loss;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * How a margin head starts: for the first {@code softmaxSteps} training steps it is a plain softmax
 * classifier ({@link MarginHead#setPlainSoftmax}: logits {@code x · Wᵀ}, the softmax warm start),
 * then the cosine head whose margin ramps linearly from 0 to its full value over {@code rampSteps}
 * steps (margin warm-up; 0 = the full margin at once). Step t (counted from the start of training,
 * so a resumed run continues from {@code startStep}) gives
 *
 * <pre>
 *   plain softmax                          for t &lt; T_s
 *   margin factor min(1, (t − T_s) / T_r)  for t ≥ T_s   (1 when T_r = 0)
 * </pre>
 *
 * <p>Not thread-safe (one per trainer).
 */
public final class MarginSchedule extends TrainingListenerAdapter {
  private final MarginHead head;
  private final long softmaxSteps;
  private final long rampSteps;
  private long step;

  /**
   * @param head the head to drive
   * @param softmaxSteps T_s, steps of plain softmax first (0 for none)
   * @param rampSteps T_r, steps over which the margin then grows from 0 (0 for none)
   * @param startStep steps already done (a resumed run)
   */
  public MarginSchedule(MarginHead head, long softmaxSteps, long rampSteps, long startStep) {
    if (softmaxSteps < 0 || rampSteps < 0 || startStep < 0) {
      throw new IllegalArgumentException(
          "steps must not be negative: softmax "
              + softmaxSteps
              + ", ramp "
              + rampSteps
              + ", start "
              + startStep);
    }
    this.head = head;
    this.softmaxSteps = softmaxSteps;
    this.rampSteps = rampSteps;
    this.step = startStep;
    apply();
  }

  /** Whether step {@code t} is in the softmax warm start. */
  public static boolean plainAt(long t, long softmaxSteps) {
    return t < softmaxSteps;
  }

  /** The margin factor at step {@code t} (0 during the softmax warm start). */
  public static float factorAt(long t, long softmaxSteps, long rampSteps) {
    if (t < softmaxSteps) {
      return 0f;
    }
    if (rampSteps == 0) {
      return 1f;
    }
    return (float) Math.min(1.0, (double) (t - softmaxSteps) / rampSteps);
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    step++;
    apply();
  }

  private void apply() {
    head.setPlainSoftmax(plainAt(step, softmaxSteps));
    head.setMarginFactor(factorAt(step, softmaxSteps, rampSteps));
  }
}
