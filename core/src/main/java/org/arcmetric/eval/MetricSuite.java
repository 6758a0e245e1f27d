package org.arcmetric.eval;

import java.util.List;
import java.util.Set;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.Prediction;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.ExactIndex;

/**
 * Every metric of one gallery against one labelled query set:
 *
 * <ul>
 *   <li>classification through the gallery (the chosen {@link Classifier}), with its confusion
 *       matrix;
 *   <li>retrieval of the queries against the gallery entries ({@link RetrievalMetrics});
 *   <li>clustering of the queries: k-means with k = number of query classes ({@link
 *       ClusteringMetrics});
 *   <li>verification on pairs of queries ({@link Verification}), when they hold two classes and a
 *       class with two images;
 *   <li>open set ({@link OpenSetMetrics}), when some queries belong to classes the gallery lacks.
 * </ul>
 *
 * Stateless; the work runs in parallel where it is large.
 */
public final class MetricSuite {
  private MetricSuite() {}

  /**
   * @param classification scores of the classifier, thresholds applied; null for leave-one-out
   * @param predictions one per query, in query order, with {@code neighbours} nearest entries
   * @param verification null when the queries cannot form both kinds of pair
   * @param openSet null when every query class is in the gallery
   */
  public record Result(
      EvalReport classification,
      List<Prediction> predictions,
      RetrievalMetrics retrieval,
      ClusteringMetrics clustering,
      Verification verification,
      OpenSetMetrics openSet) {}

  /**
   * Options of a run.
   *
   * @param threshold answer unknown when the classifier's cosine score is below it; −∞ for never
   */
  public record Options(
      Classifier.Mode mode,
      int k,
      float threshold,
      int neighbours,
      float openSetThreshold,
      int maxPairs,
      long seed,
      ClassPrior prior) {
    public Options {
      if (prior == null) {
        throw new IllegalArgumentException("prior must be uniform or gallery, got null");
      }
    }

    /** k-NN with k = 5 or centroid, no threshold, 5 neighbours kept, open-set threshold at EER. */
    public static Options defaults(Classifier.Mode mode) {
      return new Options(
          mode,
          5,
          Float.NEGATIVE_INFINITY,
          5,
          Float.NaN,
          Verification.DEFAULT_MAX_PAIRS,
          1,
          ClassPrior.DEFAULT);
    }

    /**
     * These options with no unknown threshold and the open-set point at the EER: how the raw-pixel
     * baseline is scored, so a threshold chosen for the model does not handicap it.
     */
    public Options withoutThreshold() {
      return new Options(
          mode, k, Float.NEGATIVE_INFINITY, neighbours, Float.NaN, maxPairs, seed, prior);
    }
  }

  public static Result run(EmbeddedSet gallery, EmbeddedSet queries, Options o) {
    if (gallery.size() == 0) {
      throw new IllegalArgumentException("the gallery is empty: enrol images first");
    }
    if (queries.size() == 0) {
      throw new IllegalArgumentException("there are no queries to evaluate");
    }
    ExactIndex index = gallery.index();
    Classifier classifier = classifier(gallery, index, o);
    List<Prediction> predictions =
        Evaluation.predict(classifier, queries.vectors(), o.neighbours());
    EvalReport report = Evaluation.score(predictions, queries.labels());

    Set<String> known = Set.copyOf(gallery.classes());
    EmbeddedSet knownQueries = queries.filter(known, true);
    RetrievalMetrics retrieval =
        knownQueries.size() == 0
            ? null
            : RetrievalMetrics.compute(
                knownQueries.vectors(),
                knownQueries.labels(),
                index,
                false,
                RetrievalMetrics.DEFAULT_KS);

    ClusteringMetrics clustering = clustering(queries, o.seed());
    Verification verification = verification(queries, o);

    OpenSetMetrics openSet = null;
    if (knownQueries.size() > 0 && knownQueries.size() < queries.size()) {
      openSet = openSet(predictions, queries, known, o.openSetThreshold());
    }
    return new Result(report, predictions, retrieval, clustering, verification, openSet);
  }

  /** The options' classifier over {@code gallery} (whose snapshot is {@code index}). */
  static Classifier classifier(EmbeddedSet gallery, ExactIndex index, Options o) {
    return Classifier.of(o.mode(), index, o.k(), o.threshold(), o.prior());
  }

  /** k-means of the queries with k = their number of classes, against their labels. */
  public static ClusteringMetrics clustering(EmbeddedSet queries, long seed) {
    List<String> queryClasses = queries.classes();
    int[] truth = queries.labels().stream().mapToInt(queryClasses::indexOf).toArray();
    int clusters = Math.min(queryClasses.size(), queries.size());
    return ClusteringMetrics.of(truth, KMeans.cluster(queries.vectors(), clusters, 100, seed));
  }

  /** Verification on pairs of queries, or null when they cannot form both kinds of pair. */
  public static Verification verification(EmbeddedSet queries, Options o) {
    try {
      return Verification.of(queries.vectors(), queries.labels(), o.maxPairs(), o.seed());
    } catch (IllegalArgumentException e) {
      return null; // one class, or no class with two images
    }
  }

  /**
   * Known vs unknown by each prediction's score (what the classifier's threshold compares); at
   * {@code threshold}, or at the known/unknown EER threshold when it is NaN.
   */
  static OpenSetMetrics openSet(
      List<Prediction> predictions, EmbeddedSet queries, Set<String> known, float threshold) {
    int nKnown = 0;
    for (String l : queries.labels()) {
      nKnown += known.contains(l) ? 1 : 0;
    }
    float[] knownScores = new float[nKnown];
    boolean[] correct = new boolean[nKnown];
    float[] unknownScores = new float[queries.size() - nKnown];
    int a = 0;
    int b = 0;
    for (int i = 0; i < queries.size(); i++) {
      Prediction p = predictions.get(i);
      String best = p.candidates().isEmpty() ? null : p.candidates().get(0);
      if (known.contains(queries.labels().get(i))) {
        knownScores[a] = p.score();
        correct[a++] = queries.labels().get(i).equals(best);
      } else {
        unknownScores[b++] = p.score();
      }
    }
    double t = threshold;
    if (Float.isNaN(threshold)) {
      t = OpenSetMetrics.of(knownScores, correct, unknownScores, 0).roc().eerThreshold();
    }
    return OpenSetMetrics.of(knownScores, correct, unknownScores, t);
  }
}
