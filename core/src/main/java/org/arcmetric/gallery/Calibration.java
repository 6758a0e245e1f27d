package org.arcmetric.gallery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;
import java.util.Map;

/**
 * Calibrated "unknown" thresholds of a gallery, computed by {@code classify.Calibrator} from
 * labelled validation images and stored in the gallery's commit.
 *
 * <p>Scores are what a {@code classify.Classifier} compares with its threshold (a cosine
 * similarity). A <em>genuine</em> score is that of a validation query whose answer is its own
 * class; an <em>impostor</em> score is that of a query whose answer is wrong — another class, or
 * any class for a query of a class the gallery does not hold. Accepting every answer with score ≥ t
 * gives the false-accept rate FAR(t) = impostor scores ≥ t / impostor scores, estimated from {@code
 * impostorScores} (all of them, or 2,001 evenly spaced order statistics when there are more).
 *
 * @param method {@code target_far} or {@code best_f1}
 * @param targetFar the FAR aimed at (NaN for best F1)
 * @param mode the classifier mode the scores come from ({@code centroid} or {@code knn})
 * @param k neighbours of the k-NN vote
 * @param global the threshold for classes without their own
 * @param perClass per-class thresholds, for classes with enough validation scores
 * @param impostorScores ascending impostor scores (or their order statistics)
 * @param impostors how many impostor scores there were
 * @param genuine how many genuine scores there were
 * @param entries gallery entries when calibrated
 * @param classes gallery classes when calibrated
 * @param knnPrior the k-NN vote's {@link ClassPrior} the scores come from ({@code uniform} or
 *     {@code gallery}); null in calibrations written before priors existed, which were fit under
 *     the plain vote and keep answering with it
 * @param unseenImpostors how many of the impostor scores came from queries of a class left out of
 *     the gallery in turn (what an unseen class gives); null in older calibrations
 * @param falseRejectRate of the calibration queries of classes the gallery holds, the fraction
 *     answered "unknown" at these thresholds; null in older calibrations
 * @param acceptedRight of the same queries, the fraction accepted with their own class; null in
 *     older calibrations
 * @param maxFalseReject with a target FAR: the largest fraction of the right answers a threshold
 *     may turn away ({@code classify.Calibrator}'s cap, which lowers a threshold that would reject
 *     more); null for no cap (best F1, or older calibrations)
 */
public record Calibration(
    String method,
    double targetFar,
    String mode,
    int k,
    double global,
    Map<String, Double> perClass,
    double[] impostorScores,
    int impostors,
    int genuine,
    int entries,
    int classes,
    String knnPrior,
    Integer unseenImpostors,
    Double falseRejectRate,
    Double acceptedRight,
    Double maxFalseReject) {

  /** A calibration without the leave-one-class-out figures (as written before they existed). */
  public Calibration(
      String method,
      double targetFar,
      String mode,
      int k,
      double global,
      Map<String, Double> perClass,
      double[] impostorScores,
      int impostors,
      int genuine,
      int entries,
      int classes,
      String knnPrior) {
    this(
        method,
        targetFar,
        mode,
        k,
        global,
        perClass,
        impostorScores,
        impostors,
        genuine,
        entries,
        classes,
        knnPrior,
        null,
        null,
        null,
        null);
  }

  /**
   * The prior the k-NN scores were calibrated under: {@link ClassPrior#GALLERY} when unrecorded.
   */
  public ClassPrior prior() {
    return knnPrior == null ? ClassPrior.GALLERY : ClassPrior.parse(knnPrior);
  }

  /** The threshold that applies to an answer of {@code label}. */
  public double thresholdFor(String label) {
    Double t = perClass.get(label);
    return t == null ? global : t;
  }

  /** Estimated FAR of accepting an answer with {@code score}: impostor scores ≥ score. */
  public double estimatedFar(double score) {
    double[] s = impostorScores;
    if (s.length == 0) {
      return 0;
    }
    int i = Arrays.binarySearch(s, score);
    if (i < 0) {
      i = -i - 1; // first index with s[i] > score
    } else {
      while (i > 0 && s[i - 1] == score) {
        i--;
      }
    }
    return (double) (s.length - i) / s.length;
  }

  /**
   * Why these thresholds no longer describe {@code stats}, or null if they still do: the number of
   * entries changed by more than 20%, or classes were added or removed.
   */
  @JsonIgnore
  public String staleFor(GalleryStats stats) {
    return staleFor(stats.entries(), stats.classes());
  }

  /** As {@link #staleFor(GalleryStats)}, for a gallery of {@code entries} in {@code classes}. */
  public String staleFor(int nowEntries, int nowClasses) {
    if (nowClasses != classes) {
      return "the gallery had "
          + classes
          + " classes when calibrated and has "
          + nowClasses
          + " now";
    }
    if (Math.abs(nowEntries - entries) > 0.2 * Math.max(entries, 1)) {
      return "the gallery had "
          + entries
          + " entries when calibrated and has "
          + nowEntries
          + " now";
    }
    return null;
  }
}
