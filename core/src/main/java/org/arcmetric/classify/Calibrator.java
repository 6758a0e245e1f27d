package org.arcmetric.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.GalleryStats;
import org.arcmetric.gallery.VectorSearch;
import org.arcmetric.options.InvalidOptionException;

/**
 * Computes {@link Calibration} thresholds from labelled validation embeddings searched against a
 * gallery: each query is classified (no threshold) and its score is genuine when the answer is its
 * label, impostor otherwise (a query whose label is not in the gallery is always an impostor).
 * Besides, each class of the queries is left out of the gallery in turn ({@link WithoutLabel}) and
 * its queries classified again: their best scores among the other classes are impostor scores of
 * exactly the kind a class the gallery has never seen gives, so a user's own labelled images
 * calibrate the "unknown" answer without images of other classes.
 *
 * <ul>
 *   <li>target FAR f: the threshold lies just above the (⌊f·n⌋ + 1)-th highest of the n impostor
 *       scores, so at most a fraction f of them are ≥ it; with a false-reject cap r, never above
 *       the (⌊r·g⌋ + 1)-th lowest of the g genuine scores, so at most a fraction r of the right
 *       answers are turned away (the cap wins: the false-accept rate is then higher than f, and the
 *       calibration says how much);
 *   <li>best F1: the threshold maximising F1, where accepted genuine answers are true positives,
 *       accepted impostor answers false positives and rejected genuine answers false negatives.
 * </ul>
 *
 * Per-class thresholds use only the answers of that class, when there are at least {@link
 * #MIN_PER_CLASS} genuine answers of it and as many impostor answers as the target FAR needs to be
 * measured ({@link #impostorsNeeded}, at least {@link #MIN_PER_CLASS}); other classes use the
 * global threshold. Deterministic: the same inputs give the same thresholds. Stateless.
 */
public final class Calibrator {
  /** Answers of one class needed (of each kind) before it gets its own threshold. */
  public static final int MIN_PER_CLASS = 20;

  static final int KEPT_SCORES = 2001;

  /**
   * The default false-reject cap r of a target-FAR calibration: {@value}, at most one in ten right
   * answers turned away. With the leave-one-class-out impostors a FAR of 0.01 alone rejected about
   * half of the known images of the models measured (BENCHMARKS.md section 15).
   */
  public static final double DEFAULT_MAX_FALSE_REJECT = 0.1;

  private Calibrator() {}

  /**
   * As {@link #calibrate(VectorSearch, Classifier.Mode, int, ClassPrior, float[][], List, double,
   * GalleryStats)} with k-NN under the {@link ClassPrior#DEFAULT default prior}.
   */
  public static Calibration calibrate(
      VectorSearch gallery,
      Classifier.Mode mode,
      int k,
      float[][] queries,
      List<String> labels,
      double targetFar,
      GalleryStats stats) {
    return calibrate(gallery, mode, k, ClassPrior.DEFAULT, queries, labels, targetFar, stats);
  }

  /**
   * As {@link #calibrate(VectorSearch, Classifier.Mode, int, ClassPrior, float[][], List, double,
   * double, GalleryStats)} without a false-reject cap.
   *
   * @param prior the k-NN vote's class prior (recorded for {@code knn}; ignored for centroids)
   * @param targetFar the FAR to aim at, or NaN for best F1
   */
  public static Calibration calibrate(
      VectorSearch gallery,
      Classifier.Mode mode,
      int k,
      ClassPrior prior,
      float[][] queries,
      List<String> labels,
      double targetFar,
      GalleryStats stats) {
    return calibrate(gallery, mode, k, prior, queries, labels, targetFar, Double.NaN, stats);
  }

  /**
   * @param prior the k-NN vote's class prior (recorded for {@code knn}; ignored for centroids)
   * @param targetFar the FAR to aim at, or NaN for best F1
   * @param maxFalseReject with a target FAR, the largest fraction of right answers a threshold may
   *     turn away, in (0, 1] ({@link #DEFAULT_MAX_FALSE_REJECT}; NaN or 1: no cap); ignored for
   *     best F1
   */
  public static Calibration calibrate(
      VectorSearch gallery,
      Classifier.Mode mode,
      int k,
      ClassPrior prior,
      float[][] queries,
      List<String> labels,
      double targetFar,
      double maxFalseReject,
      GalleryStats stats) {
    if (!Double.isNaN(maxFalseReject) && !(maxFalseReject > 0 && maxFalseReject <= 1)) {
      throw new InvalidOptionException(
          "{maxFalseReject} must be above 0 and at most 1, got " + maxFalseReject);
    }
    double cap = Double.isNaN(targetFar) || maxFalseReject >= 1 ? Double.NaN : maxFalseReject;
    if (queries.length != labels.size()) {
      throw new IllegalArgumentException("one label per query is needed");
    }
    if (!Double.isNaN(targetFar) && !(targetFar > 0 && targetFar < 1)) {
      throw new InvalidOptionException("{targetFar} must be between 0 and 1, got " + targetFar);
    }
    Classifier c = Classifier.of(mode, gallery, k, Float.NEGATIVE_INFINITY, prior);
    List<Prediction> p = c.classifyAll(queries, 0);
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    Map<String, List<Double>> genuineBy = new HashMap<>();
    Map<String, List<Double>> impostorBy = new HashMap<>();
    for (int i = 0; i < p.size(); i++) {
      String answer = p.get(i).label();
      double s = p.get(i).score();
      boolean right = labels.get(i).equals(answer);
      (right ? genuine : impostor).add(s);
      (right ? genuineBy : impostorBy).computeIfAbsent(answer, a -> new ArrayList<>()).add(s);
    }
    // Unseen classes from the data a user has: each class's queries against the gallery without
    // that class score as a query of a class the gallery never saw would.
    int unseen = 0;
    for (Prediction u :
        WithoutLabel.answersLeftOut(
            gallery,
            queries,
            labels,
            view -> Classifier.of(mode, view, k, Float.NEGATIVE_INFINITY, prior))) {
      if (u.label() != null) {
        impostor.add((double) u.score());
        impostorBy.computeIfAbsent(u.label(), a -> new ArrayList<>()).add((double) u.score());
        unseen++;
      }
    }
    Map<String, Integer> counts = gallery.labelCounts();
    if (impostor.isEmpty() && counts.size() < 2) {
      throw new IllegalArgumentException(
          "the gallery holds a single class ("
              + String.join("", counts.keySet())
              + "), so no class can stand in for an unseen one and every calibration image was"
              + " answered right: enrol a second class, or calibrate with images of classes the"
              + " gallery does not have");
    }
    if (genuine.isEmpty() || impostor.isEmpty()) {
      throw new IllegalArgumentException(
          "calibration needs queries answered right and queries answered wrong (or of classes not"
              + " in the gallery); got "
              + genuine.size()
              + " right and "
              + impostor.size()
              + " wrong: give more validation images, or images of classes the gallery lacks");
    }
    double global = threshold(toArray(genuine), toArray(impostor), targetFar, cap);
    Map<String, Double> perClass = new TreeMap<>();
    for (Map.Entry<String, List<Double>> e : genuineBy.entrySet()) {
      List<Double> imp = impostorBy.getOrDefault(e.getKey(), List.of());
      // a class's own threshold needs as many of its impostors as the FAR needs to be measured
      // (3 / FAR); with fewer, its threshold would promise a rate it cannot show
      long needed =
          Double.isNaN(targetFar)
              ? MIN_PER_CLASS
              : Math.max(MIN_PER_CLASS, impostorsNeeded(targetFar));
      if (e.getValue().size() >= MIN_PER_CLASS && imp.size() >= needed) {
        perClass.put(e.getKey(), threshold(toArray(e.getValue()), toArray(imp), targetFar, cap));
      }
    }
    // how the thresholds treat the queries of classes the gallery holds
    int known = 0;
    int rejected = 0;
    int acceptedRight = 0;
    for (int i = 0; i < p.size(); i++) {
      if (!counts.containsKey(labels.get(i)) || p.get(i).label() == null) {
        continue;
      }
      known++;
      String answer = p.get(i).label();
      double t = perClass.getOrDefault(answer, global);
      if (!(p.get(i).score() >= t)) {
        rejected++;
      } else if (answer.equals(labels.get(i))) {
        acceptedRight++;
      }
    }
    double[] imp = toArray(impostor);
    Arrays.sort(imp);
    return new Calibration(
        Double.isNaN(targetFar) ? "best_f1" : "target_far",
        targetFar,
        mode.name().toLowerCase(Locale.ROOT),
        k,
        global,
        perClass,
        keep(imp),
        imp.length,
        genuine.size(),
        stats.entries(),
        stats.classes(),
        mode == Classifier.Mode.KNN ? prior.label() : null,
        unseen,
        known == 0 ? null : (double) rejected / known,
        known == 0 ? null : (double) acceptedRight / known,
        Double.isNaN(cap) ? null : cap);
  }

  /** The false-reject rate above which {@link #tooManyRejected} warns. */
  public static final double MAX_FALSE_REJECT_RATE = 0.2;

  /**
   * Why {@code c} would turn away too many images of the classes the gallery holds (more than
   * {@link #MAX_FALSE_REJECT_RATE} of its calibration queries answered "unknown"), or null.
   */
  public static String tooManyRejected(Calibration c) {
    if (c.falseRejectRate() == null || c.falseRejectRate() <= MAX_FALSE_REJECT_RATE) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "at this threshold %.0f%% of the calibration images of classes the gallery holds are"
            + " answered unknown (false rejects); the model does not separate these classes from"
            + " unseen ones well enough for this %s. %s",
        100 * c.falseRejectRate(),
        Double.isNaN(c.targetFar()) ? "threshold" : "false-accept rate",
        Double.isNaN(c.targetFar())
            ? "Enrol more images per class, or train the model longer or on more classes"
            : "Aim at a higher one (--target-far), cap the false rejects (--max-false-reject),"
                + " use --best-f1, or enrol more images per class");
  }

  /**
   * The threshold for one set of genuine and impostor scores: {@link #threshold(double[], double[],
   * double)}, lowered where needed so that at most ⌊r·g⌋ of the g genuine scores are below it (r =
   * {@code maxFalseReject}; NaN: no cap).
   */
  static double threshold(
      double[] genuine, double[] impostor, double targetFar, double maxFalseReject) {
    double t = threshold(genuine, impostor, targetFar);
    if (Double.isNaN(maxFalseReject) || genuine.length == 0) {
      return t;
    }
    double[] gen = genuine.clone();
    Arrays.sort(gen);
    int allowed = (int) Math.floor(maxFalseReject * gen.length);
    if (allowed >= gen.length) {
      return t;
    }
    // accept score >= cap: only gen[0 .. allowed-1] (and fewer with ties) fall below it
    return Math.min(t, gen[allowed]);
  }

  /** The threshold for one set of genuine and impostor scores, without a false-reject cap. */
  static double threshold(double[] genuine, double[] impostor, double targetFar) {
    double[] imp = impostor.clone();
    Arrays.sort(imp);
    if (!Double.isNaN(targetFar)) {
      // accept score >= t; at most floor(f·n) impostors may be >= t
      int allowed = (int) Math.floor(targetFar * imp.length);
      if (allowed >= imp.length) {
        return Double.NEGATIVE_INFINITY;
      }
      // just above the (allowed + 1)-th highest impostor score: at most `allowed` are above it
      return Math.nextUp(imp[imp.length - 1 - allowed]);
    }
    double[] gen = genuine.clone();
    Arrays.sort(gen);
    double[] candidates = new double[gen.length + imp.length];
    System.arraycopy(gen, 0, candidates, 0, gen.length);
    System.arraycopy(imp, 0, candidates, gen.length, imp.length);
    Arrays.sort(candidates);
    double best = Double.NEGATIVE_INFINITY;
    double bestF1 = -1;
    for (double t : candidates) {
      int tp = gen.length - lowerBound(gen, t);
      int fp = imp.length - lowerBound(imp, t);
      int fn = gen.length - tp;
      double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = t;
      }
    }
    return best;
  }

  /** Index of the first element ≥ t in an ascending array. */
  private static int lowerBound(double[] a, double t) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double[] keep(double[] sorted) {
    if (sorted.length <= KEPT_SCORES) {
      return sorted;
    }
    double[] out = new double[KEPT_SCORES];
    for (int i = 0; i < KEPT_SCORES; i++) {
      out[i] = sorted[(int) Math.round((double) i * (sorted.length - 1) / (KEPT_SCORES - 1))];
    }
    return out;
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Wrong answers needed to measure a false-accept rate f: about 3 / f, so that seeing none above
   * the threshold bounds the true rate below f with 95% confidence (the "rule of three").
   */
  public static long impostorsNeeded(double targetFar) {
    return (long) Math.ceil(3 / targetFar);
  }

  /**
   * Why {@code c}'s threshold rests on too few wrong answers for its target FAR, or null when there
   * are enough (or it was calibrated for best F1).
   */
  public static String tooFewImpostors(Calibration c) {
    if (Double.isNaN(c.targetFar()) || c.impostors() >= impostorsNeeded(c.targetFar())) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "a false-accept rate of %s needs about %d wrong answers (3 / FAR, for a 95%% bound) to be"
            + " measured; this calibration saw %d, so its threshold is a guess. Calibrate on more"
            + " images, including classes the gallery does not have",
        c.targetFar(),
        impostorsNeeded(c.targetFar()),
        c.impostors());
  }
}
