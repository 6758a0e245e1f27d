package org.arcmetric.gallery;

import java.util.List;

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
    List<Neighbour> neighbours) {}
