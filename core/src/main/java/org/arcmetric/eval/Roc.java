package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A receiver operating characteristic: for scores where higher means "positive" (same class, or
 * known class), accept a pair or query when its score ≥ t, and trace over every threshold t:
 *
 * <ul>
 *   <li>TAR(t) (true accept rate, TPR) = accepted positives / positives;
 *   <li>FAR(t) (false accept rate, FPR) = accepted negatives / negatives.
 * </ul>
 *
 * {@code auc} is the area under TAR(FAR) by the trapezoid rule over the distinct thresholds (equal
 * scores form one step, so ties count one half, as the Mann–Whitney statistic does); {@code eer} is
 * the rate where FAR = 1 − TAR, interpolated linearly between the two points that bracket it. The
 * points start at (0, 0) (threshold +∞) and end at (1, 1). Immutable.
 *
 * @param points the curve, FAR ascending
 * @param positives number of positive scores
 * @param negatives number of negative scores
 */
public record Roc(List<Point> points, int positives, int negatives) {

  /** One threshold: accept when score ≥ {@code threshold}. */
  public record Point(double threshold, double far, double tar) {}

  /** The FARs at which {@link #tarAtFar} is reported by default. */
  public static final double[] DEFAULT_FARS = {1e-1, 1e-2, 1e-3};

  /**
   * @param scores one score per example
   * @param positive whether each example is a positive
   */
  public static Roc of(float[] scores, boolean[] positive) {
    int n = scores.length;
    if (positive.length != n) {
      throw new IllegalArgumentException("one flag per score is needed");
    }
    int pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    int neg = n - pos;
    if (pos == 0 || neg == 0) {
      throw new IllegalArgumentException(
          "a ROC needs positives and negatives; got " + pos + " and " + neg);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Float.compare(scores[y], scores[x]));
    List<Point> points = new ArrayList<>();
    points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
    int tp = 0;
    int fp = 0;
    for (int i = 0; i < n; ) {
      float t = scores[order[i]];
      while (i < n && scores[order[i]] == t) {
        if (positive[order[i]]) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      points.add(new Point(t, (double) fp / neg, (double) tp / pos));
    }
    return new Roc(List.copyOf(points), pos, neg);
  }

  /** Area under the curve, trapezoid rule. */
  public double auc() {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      area += (b.far() - a.far()) * (a.tar() + b.tar()) / 2;
    }
    return area;
  }

  /** Equal error rate: FAR where FAR = 1 − TAR (false reject rate), linearly interpolated. */
  public double eer() {
    return eerPoint()[0];
  }

  /** The threshold at the equal error rate (of the bracketing point with the larger FAR). */
  public double eerThreshold() {
    return eerPoint()[1];
  }

  private double[] eerPoint() {
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      double da = a.far() - (1 - a.tar()); // ≤ 0 until the crossing
      double db = b.far() - (1 - b.tar());
      if (db >= 0) {
        double f = db == da ? 0 : -da / (db - da);
        return new double[] {a.far() + f * (b.far() - a.far()), b.threshold()};
      }
    }
    Point last = points.get(points.size() - 1);
    return new double[] {last.far(), last.threshold()};
  }

  /**
   * The best TAR among thresholds whose FAR is at most {@code far}, with that threshold (no
   * interpolation: a threshold a user can set).
   */
  public Point atFar(double far) {
    Point best = points.get(0);
    for (Point p : points) {
      if (p.far() <= far + 1e-12 && p.tar() >= best.tar()) {
        best = p;
      }
    }
    return best;
  }

  /** {@code FAR → {tar, threshold}} for each of {@code fars}, keys formatted like "1e-2". */
  public Map<String, Map<String, Double>> tarAtFar(double... fars) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (double f : fars) {
      Point p = atFar(f);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("tar", p.tar());
      m.put("threshold", p.threshold());
      out.put(farKey(f), m);
    }
    return out;
  }

  /** 0.01 → "1e-2", 0.1 → "1e-1". */
  public static String farKey(double far) {
    int exponent = (int) Math.round(Math.log10(far));
    double mantissa = far / Math.pow(10, exponent);
    return Math.abs(mantissa - 1) < 1e-9
        ? "1e" + exponent
        : String.format(Locale.ROOT, "%.3g", far);
  }
}
