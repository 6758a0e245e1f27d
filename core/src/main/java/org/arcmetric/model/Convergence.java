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
 * epoch, in {@code model.json} ({@code training.convergence}).
 *
 * <p>"Near chance" means below {@code chance + 0.25 · (1 − chance)} with {@code chance = 1 / C} for
 * C training classes: a model not a quarter of the way from guessing to perfect after a whole epoch
 * has, in practice, not started to learn (the ArcFace-from-scratch failure: loss flat, features
 * near random).
 *
 * @param status {@code ok}, {@code near_chance} or {@code below_pixel_baseline}
 * @param epoch the epoch judged (1-based)
 * @param valAccuracy that epoch's validation accuracy
 * @param chance 1 / C
 * @param pixelBaseline the raw-pixel baseline's validation accuracy on the same gallery and images
 * @param advice what to change, or null when {@code ok}; names options as {@code {field}} until
 *     {@link #withOptionNames} writes them as a front end spells them
 */
public record Convergence(
    String status,
    int epoch,
    double valAccuracy,
    double chance,
    double pixelBaseline,
    String advice) {
  public static final String OK = "ok";
  public static final String NEAR_CHANCE = "near_chance";
  public static final String BELOW_BASELINE = "below_pixel_baseline";

  /** The accuracy below which {@code valAccuracy} counts as near chance for C classes. */
  public static double nearChanceBelow(int classes) {
    double chance = 1.0 / classes;
    return chance + 0.25 * (1 - chance);
  }

  /**
   * Judges one epoch; the advice names the loss with its options ({@link LossConfig#describe}).
   *
   * @param loss the training loss (a margin loss gets margin advice)
   */
  public static Convergence judge(
      int epoch, double valAccuracy, int classes, double pixelBaseline, LossConfig loss) {
    return judge(epoch, valAccuracy, classes, pixelBaseline, loss, loss.describe());
  }

  /**
   * As {@link #judge(int, double, int, double, LossConfig)}, saying in the advice what is active
   * now ({@code active}, e.g. {@link #active}'s "arcface, s = 30, m = 0.5, no margin warm-up").
   */
  public static Convergence judge(
      int epoch,
      double valAccuracy,
      int classes,
      double pixelBaseline,
      LossConfig loss,
      String active) {
    double chance = 1.0 / classes;
    String status;
    String what;
    if (valAccuracy < nearChanceBelow(classes)) {
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
            fix(active, loss));
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

  /**
   * What of a loss is active, for the guard's advice: its name and options ({@link
   * LossConfig#describe}), and for a margin loss whether the softmax warm start and the margin
   * warm-up are on.
   */
  public static String active(
      LossConfig loss, float softmaxWarmupEpochs, float marginWarmupEpochs) {
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

  private static String fix(String active, LossConfig loss) {
    return loss.hasMargin()
        ? "Margin losses trained from scratch often stall; try more {epochs} (the softmax warm"
            + " start takes half of them), a longer softmax warm start ({softmaxWarmupEpochs}=N),"
            + " {loss} softmax or {loss} normface (no margin), {marginWarmupEpochs}=2 (the margin"
            + " grows after the warm start), a lower {scale}, or a lower {learningRate} (now {loss} "
            + active
            + ")."
        : "Try more {epochs}, a lower {learningRate}"
            + (loss instanceof LossConfig.Softmax ? "" : ", {loss} softmax")
            + ", or check that the labels match the images (now {loss} "
            + active
            + ").";
  }

  /** Whether the epoch passed. */
  public boolean ok() {
    return OK.equals(status);
  }
}
