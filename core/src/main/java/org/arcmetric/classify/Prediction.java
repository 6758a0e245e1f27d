package org.arcmetric.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.Neighbour;

/**
 * The answer for one query.
 *
 * @param label the predicted class, or {@code null} when {@code unknown}
 * @param score the similarity that supports the answer (to the closest neighbour of that class in
 *     k-NN mode, to its centroid in centroid mode)
 * @param unknown true when the score is below the threshold
 * @param candidates the best classes, most likely first (for top-5 accuracy); the first is the
 *     label that would be answered without a threshold
 * @param neighbours the nearest gallery entries, most similar first
 */
public record Prediction(
    String label,
    float score,
    boolean unknown,
    List<String> candidates,
    List<Neighbour> neighbours) {

  /**
   * The answer as {@code predict --json} and the HTTP API write it: {@code label}, {@code score},
   * {@code unknown}, with a calibration also {@code threshold} (of the class that would be
   * answered) and {@code estimated_far} (at this score), then {@code neighbours} ({@code id},
   * {@code label}, {@code score}, and {@code source} when {@code withSources}: a service does not
   * show its file system).
   *
   * @param calibration the calibration that decided {@code unknown}, or {@code null}
   */
  public Map<String, Object> toMap(Calibration calibration, boolean withSources) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("score", score);
    m.put("unknown", unknown);
    if (calibration != null && !candidates.isEmpty()) {
      m.put("threshold", calibration.thresholdFor(candidates.get(0)));
      m.put("estimated_far", calibration.estimatedFar(score));
    }
    List<Map<String, Object>> ns = new ArrayList<>(neighbours.size());
    for (Neighbour n : neighbours) {
      Map<String, Object> nm = new LinkedHashMap<>();
      nm.put("id", n.id());
      nm.put("label", n.label());
      nm.put("score", n.score());
      if (withSources) {
        nm.put("source", n.source());
      }
      ns.add(nm);
    }
    m.put("neighbours", ns);
    return m;
  }
}
