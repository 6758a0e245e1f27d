package org.arcmetric.eval;

import java.util.Collection;
import java.util.Map;

/**
 * Classification of labelled queries through a gallery.
 *
 * @param images number of queries
 * @param accuracy fraction answered with the right label ({@code unknown} counts as wrong)
 * @param top5Accuracy fraction whose label is among the first five candidates
 * @param unknown number of queries answered {@code unknown}
 * @param perClass accuracy (recall) per true label, labels sorted
 * @param confusion the counts behind these figures, with precision, recall and their averages
 */
public record EvalReport(
    int images,
    double accuracy,
    double top5Accuracy,
    int unknown,
    Map<String, ClassAccuracy> perClass,
    ConfusionMatrix confusion) {

  /**
   * Accuracy over the queries whose true label is in {@code classes} (image-weighted; 0 if none).
   */
  public double accuracyOf(Collection<String> classes) {
    double correct = 0;
    int n = 0;
    for (String c : classes) {
      ClassAccuracy a = perClass.get(c);
      if (a != null) {
        correct += a.accuracy() * a.count();
        n += a.count();
      }
    }
    return n == 0 ? 0 : correct / n;
  }
}
