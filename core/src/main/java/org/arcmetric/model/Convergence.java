package org.arcmetric.model;

import java.util.Locale;
import java.util.function.UnaryOperator;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.options.Numbers;

/**
 * The convergence guard's verdict on one epoch: whether validation accuracy (k-NN through a gallery
 * of training images, {@code val_accuracy}) has left chance and beaten the raw-pixel baseline
 * measured the same way on the same images. Recorded in each epoch's log line and, for the last
 * epoch, in {@code model.json} ({@code training.run.convergence}).
 *
 * <p>"Near chance" means below {@code chance + 0.25 · (1 − chance)} with {@code chance = 1 / C} for
 * C training classes: a model not a quarter of the way from guessing to perfect after a whole epoch
 * at the full learning rate has, in practice, not started to learn (the ArcFace-from-scratch
 * failure: loss flat, features near random). Epochs inside the learning-rate warm-up ({@link
 * Regime#learningRateWarmupEpochs}) are not judged ({@link #WARMING_UP}) unless the run ends there:
 * they ran below the full rate, and a slow first epoch is not a stall.
 *
 * @param status {@code ok}, {@code warming_up}, {@code near_chance} or {@code below_pixel_baseline}
 * @param epoch the epoch judged (1-based)
 * @param valAccuracy that epoch's validation accuracy
 * @param chance 1 / C
 * @param pixelBaseline the raw-pixel baseline's validation accuracy on the same gallery and images
 * @param advice what to change, or null when {@code ok} or {@code warming_up}; names options as
 *     {@code {field}} until {@link #withOptionNames} writes them as a front end spells them
 */
public record Convergence(
    String status,
    int epoch,
    double valAccuracy,
    double chance,
    double pixelBaseline,
    String advice) {
  public static final String OK = "ok";
  public static final String WARMING_UP = "warming_up";
  public static final String NEAR_CHANCE = "near_chance";
  public static final String BELOW_BASELINE = "below_pixel_baseline";

  /**
   * What a run trains with, as far as the guard's judgement and advice need it.
   *
   * @param loss the training loss (a margin loss gets margin advice)
   * @param softmaxWarmupEpochs epochs of the softmax warm start (0: none; margin losses only)
   * @param marginWarmupEpochs epochs over which the margin grows after the warm start (0: none)
   * @param learningRateWarmupEpochs epochs of linear learning-rate warm-up; epochs up to its end
   *     (rounded up) are not judged
   * @param epochs the run's last epoch (1-based); it is always judged
   */
  public record Regime(
      LossConfig loss,
      float softmaxWarmupEpochs,
      float marginWarmupEpochs,
      float learningRateWarmupEpochs,
      int epochs) {
    /** A run of {@code loss} with no warm-up of any kind and no known end. */
    public static Regime of(LossConfig loss) {
      return new Regime(loss, 0f, 0f, 0f, Integer.MAX_VALUE);
    }

    /**
     * What of the loss is active, for the advice: its name and options ({@link
     * LossConfig#describe}), and for a margin loss whether the softmax warm start and the margin
     * warm-up are on.
     */
    public String describe() {
      String d = loss.describe();
      if (!loss.hasMargin()) {
        return d;
      }
      return d
          + (softmaxWarmupEpochs > 0
              ? ", softmax warm start for " + Numbers.plain(softmaxWarmupEpochs) + " epochs"
              : ", no softmax warm start")
          + (marginWarmupEpochs > 0
              ? ", margin warm-up over " + Numbers.plain(marginWarmupEpochs) + " epochs"
              : ", no margin warm-up");
    }

    boolean judges(int epoch) {
      return epoch > Math.ceil(learningRateWarmupEpochs) || epoch >= epochs;
    }
  }

  /** The accuracy below which {@code valAccuracy} counts as near chance for C classes. */
  public static double nearChanceBelow(int classes) {
    double chance = 1.0 / classes;
    return chance + 0.25 * (1 - chance);
  }

  /** Judges one epoch of a run of {@code loss} with no warm-up ({@link Regime#of}). */
  public static Convergence judge(
      int epoch, double valAccuracy, int classes, double pixelBaseline, LossConfig loss) {
    return judge(epoch, valAccuracy, classes, pixelBaseline, Regime.of(loss));
  }

  /**
   * Judges one epoch of a run trained as {@code regime} says; the advice says what is active now
   * ({@link Regime#describe}) and suggests only changes to it (a longer warm-up where one is on).
   */
  public static Convergence judge(
      int epoch, double valAccuracy, int classes, double pixelBaseline, Regime regime) {
    double chance = 1.0 / classes;
    String status;
    String what;
    if (!regime.judges(epoch)) {
      return new Convergence(WARMING_UP, epoch, valAccuracy, chance, pixelBaseline, null);
    } else if (valAccuracy < nearChanceBelow(classes)) {
      status = NEAR_CHANCE;
      what =
          String.format(
              Locale.ROOT,
              "is near chance (%.3f for %d classes): the model is not learning.",
              chance,
              classes);
    } else if (valAccuracy < pixelBaseline) {
      status = BELOW_BASELINE;
      what =
          String.format(
              Locale.ROOT,
              "is below the raw-pixel baseline's %.3f on the same images: so far the model is"
                  + " worth less than no model.",
              pixelBaseline);
    } else {
      return new Convergence(OK, epoch, valAccuracy, chance, pixelBaseline, null);
    }
    String advice =
        String.format(
            Locale.ROOT,
            "epoch %d: validation accuracy %.3f %s %s",
            epoch,
            valAccuracy,
            what,
            fix(regime));
    return new Convergence(status, epoch, valAccuracy, chance, pixelBaseline, advice);
  }

  /** This verdict with its advice's option fields written as {@code names} says (CLI flags). */
  public Convergence withOptionNames(UnaryOperator<String> names) {
    return advice == null
        ? this
        : new Convergence(
            status,
            epoch,
            valAccuracy,
            chance,
            pixelBaseline,
            InvalidOptionException.render(advice, names));
  }

  private static String fix(Regime regime) {
    LossConfig loss = regime.loss();
    String now = " (now {loss} " + regime.describe() + ").";
    if (!loss.hasMargin()) {
      return "Try more {epochs}, a lower {learningRate}"
          + (loss instanceof LossConfig.Softmax ? "" : ", {loss} softmax")
          + ", or check that the labels match the images"
          + now;
    }
    float softmax = regime.softmaxWarmupEpochs();
    float margin = regime.marginWarmupEpochs();
    return "Margin losses trained from scratch often stall; try more {epochs}"
        + (softmax > 0
            ? " (the softmax warm start takes " + Numbers.plain(softmax) + " of them)"
            : "")
        + (softmax > 0
            ? ", a longer softmax warm start ({softmaxWarmupEpochs}=N)"
            : ", a softmax warm start ({softmaxWarmupEpochs}=N)")
        + ", {loss} softmax or {loss} normface (no margin)"
        + (margin > 0
            ? ", a longer margin warm-up ({marginWarmupEpochs}=N, now "
                + Numbers.plain(margin)
                + ")"
            : ", {marginWarmupEpochs}=2 (the margin grows after the warm start)")
        + ", a lower {scale}, or a lower {learningRate}"
        + now;
  }

  /** Whether the epoch needs no warning: {@code ok}, or not judged inside the warm-up. */
  public boolean ok() {
    return OK.equals(status) || WARMING_UP.equals(status);
  }
}
