package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.classify.Classifier;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.options.InvalidOptionException;

/**
 * The {@code new-classes} evaluation protocol on a trained model: classes the model never saw are
 * enrolled with k images each, for several k, and the queries of every class are classified, with
 * no retraining. For each k, {@code repeats} seeded random draws of the k images give the mean and
 * sample standard deviation of the accuracy on the new classes, the trained classes and all.
 *
 * <p>The gallery of each draw is {@code base} (the trained classes' entries) plus the drawn images
 * from {@code pool}; queries of new classes that are also in the pool are not excluded, so use a
 * query set disjoint from the pool (a test split). Stateless.
 */
public final class FewShotProtocol {
  private FewShotProtocol() {}

  /** Mean ± sd over the draws for one k. */
  public record Row(
      int shots,
      int draws,
      double newMean,
      double newSd,
      double trainedMean,
      double trainedSd,
      double allMean,
      double allSd) {}

  /**
   * @param base entries of the trained classes
   * @param pool images of the new classes to draw from (other classes are ignored)
   * @param queries labelled queries of trained and new classes
   * @param newClasses the classes to enrol a few of
   * @param prior how k-NN weighs the few-shot classes beside the trained ones
   */
  public static List<Row> run(
      EmbeddedSet base,
      EmbeddedSet pool,
      EmbeddedSet queries,
      List<String> newClasses,
      int[] shots,
      int repeats,
      Classifier.Mode mode,
      int k,
      ClassPrior prior,
      long seed) {
    if (newClasses.isEmpty()) {
      throw new InvalidOptionException(
          "the new-classes protocol needs classes the model was not trained on; train with"
              + " {valClasses} or {classes} to hold some out");
    }
    if (repeats < 1) {
      throw new InvalidOptionException("{repeats} must be at least 1");
    }
    Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
    for (String c : newClasses) {
      rowsOf.put(c, new ArrayList<>());
    }
    for (int i = 0; i < pool.size(); i++) {
      List<Integer> r = rowsOf.get(pool.labels().get(i));
      if (r != null) {
        r.add(i);
      }
    }
    int maxShots = 0;
    for (int s : shots) {
      if (s < 1) {
        throw new InvalidOptionException("{shots} must be at least 1, got " + s);
      }
      maxShots = Math.max(maxShots, s);
    }
    for (Map.Entry<String, List<Integer>> e : rowsOf.entrySet()) {
      if (e.getValue().size() < maxShots) {
        throw new IllegalArgumentException(
            "new class '"
                + e.getKey()
                + "' has "
                + e.getValue().size()
                + " images to enrol from; "
                + maxShots
                + " shots need at least that many");
      }
    }
    List<String> trained = base.classes();
    List<Row> out = new ArrayList<>();
    for (int s : shots) {
      double[][] acc = new double[3][repeats];
      for (int r = 0; r < repeats; r++) {
        Random random = new Random(seed * 1_000_003L + 31L * s + r);
        List<Integer> drawn = new ArrayList<>();
        for (List<Integer> rows : rowsOf.values()) {
          List<Integer> copy = new ArrayList<>(rows);
          Collections.shuffle(copy, random);
          drawn.addAll(copy.subList(0, s));
        }
        EmbeddedSet gallery = base.concat(pool.rows(drawn));
        EvalReport report =
            Evaluation.evaluate(
                Classifier.of(mode, gallery.index(), k, Float.NEGATIVE_INFINITY, prior),
                queries.vectors(),
                queries.labels());
        acc[0][r] = report.accuracyOf(newClasses);
        acc[1][r] = report.accuracyOf(trained);
        acc[2][r] = report.accuracy();
      }
      out.add(
          new Row(
              s,
              repeats,
              mean(acc[0]),
              sd(acc[0]),
              mean(acc[1]),
              sd(acc[1]),
              mean(acc[2]),
              sd(acc[2])));
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample standard deviation; 0 for one value. */
  static double sd(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }
}
