package org.arcmetric.eval;

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
    ConfusionMatrix confusion) {}
