package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.Prediction;

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
      Classifier classifier, float[][] embeddings, List<String> labels) {
    if (embeddings.length != labels.size()) {
      throw new IllegalArgumentException("one label per embedding is needed");
    }
    return score(predict(classifier, embeddings, 0), labels);
  }

  /** Classifies every row (in parallel), showing {@code topK} neighbours per prediction. */
  public static List<Prediction> predict(Classifier classifier, float[][] embeddings, int topK) {
    return classifier.classifyAll(embeddings, topK);
  }

  /** Scores predictions against the true labels. */
  public static EvalReport score(List<Prediction> predictions, List<String> labels) {
    if (predictions.size() != labels.size()) {
      throw new IllegalArgumentException("one label per prediction is needed");
    }
    Map<String, int[]> per = new TreeMap<>();
    List<String> answers = new ArrayList<>(labels.size());
    int correct = 0;
    int top5 = 0;
    int unknown = 0;
    for (int i = 0; i < labels.size(); i++) {
      Prediction p = predictions.get(i);
      String truth = labels.get(i);
      int[] c = per.computeIfAbsent(truth, l -> new int[2]);
      c[0]++;
      answers.add(p.unknown() ? null : p.label());
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
    int n = labels.size();
    return new EvalReport(
        n,
        n == 0 ? 0 : (double) correct / n,
        n == 0 ? 0 : (double) top5 / n,
        unknown,
        perClass,
        ConfusionMatrix.of(labels, answers));
  }
}
