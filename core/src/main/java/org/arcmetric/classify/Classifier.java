package org.arcmetric.classify;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.VectorSearch;
import org.arcmetric.options.Choices;

/**
 * Classifies a query embedding by a gallery. Implementations are immutable and thread-safe as long
 * as the gallery is (searches are).
 */
public interface Classifier {
  /** The prediction for one query, showing {@code topK} neighbours. */
  Prediction classify(float[] query, int topK);

  /**
   * The predictions for every row of {@code queries}, in order; rows are classified in parallel.
   */
  default List<Prediction> classifyAll(float[][] queries, int topK) {
    Prediction[] p = new Prediction[queries.length];
    IntStream.range(0, queries.length).parallel().forEach(i -> p[i] = classify(queries[i], topK));
    return Arrays.asList(p);
  }

  /** How a label is chosen from the gallery. */
  enum Mode {
    /** Similarity-weighted vote of the k nearest entries. */
    KNN,
    /** The class whose normalised mean embedding is closest. */
    CENTROID;

    public static Mode parse(String s) {
      return Choices.parse(Mode.class, s, "mode");
    }
  }

  /**
   * A classifier of {@code mode} over {@code gallery}; {@code k} only matters for k-NN, which votes
   * under the {@link ClassPrior#DEFAULT default prior}.
   */
  static Classifier of(Mode mode, VectorSearch gallery, int k, float threshold) {
    return of(mode, gallery, k, threshold, ClassPrior.DEFAULT);
  }

  /** As {@link #of(Mode, VectorSearch, int, float)}, k-NN voting under {@code prior}. */
  static Classifier of(Mode mode, VectorSearch gallery, int k, float threshold, ClassPrior prior) {
    return switch (mode) {
      case KNN -> new KnnClassifier(gallery, k, threshold, prior);
      case CENTROID -> new CentroidClassifier(gallery, threshold);
    };
  }

  /**
   * Answers {@code unknown} (label null) if {@code score} is below {@code threshold} or is not a
   * finite number (a NaN compares false with every threshold: it must never pass one).
   */
  static Prediction decide(
      String best, float score, float threshold, List<String> candidates, List<Neighbour> shown) {
    boolean unknown = best == null || !Float.isFinite(score) || score < threshold;
    return new Prediction(unknown ? null : best, score, unknown, candidates, shown);
  }
}
