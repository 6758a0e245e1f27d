package org.arcmetric.eval;

import java.util.Map;
import java.util.TreeMap;
import org.arcmetric.gallery.Classifier;
import org.arcmetric.gallery.Prediction;

/**
 * Runs a {@link Classifier} over labelled query embeddings (in parallel: classifiers are
 * thread-safe) and scores the answers.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * @param embeddings one query embedding per row
   * @param labels the true label of each row
   */
  public static EvalReport evaluate(
      Classifier classifier, float[][] embeddings, java.util.List<String> labels) {
    if (embeddings.length != labels.size()) {
      throw new IllegalArgumentException("one label per embedding is needed");
    }
    // Classifiers are thread-safe: classify in parallel, then count in order.
    Prediction[] predictions = new Prediction[embeddings.length];
    java.util.stream.IntStream.range(0, embeddings.length)
        .parallel()
        .forEach(i -> predictions[i] = classifier.classify(embeddings[i], 0));
    Map<String, int[]> per = new TreeMap<>();
    int correct = 0;
    int top5 = 0;
    int unknown = 0;
    for (int i = 0; i < embeddings.length; i++) {
      Prediction p = predictions[i];
      String truth = labels.get(i);
      int[] c = per.computeIfAbsent(truth, l -> new int[2]);
      c[0]++;
      if (p.unknown()) {
        unknown++;
      } else if (truth.equals(p.label())) {
        correct++;
        c[1]++;
      }
      int rank = p.candidates().indexOf(truth);
      if (!p.unknown() && rank >= 0 && rank < 5) {
        top5++;
      }
    }
    Map<String, ClassAccuracy> perClass = new TreeMap<>();
    per.forEach((l, c) -> perClass.put(l, new ClassAccuracy(c[0], (double) c[1] / c[0])));
    int n = embeddings.length;
    return new EvalReport(
        n, n == 0 ? 0 : (double) correct / n, n == 0 ? 0 : (double) top5 / n, unknown, perClass);
  }
}
