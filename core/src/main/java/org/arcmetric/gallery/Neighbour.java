package org.arcmetric.gallery;

/**
 * One gallery entry found near a query.
 *
 * @param id the entry's id
 * @param label its class
 * @param score cosine similarity to the query, in [−1, 1]
 * @param source where its image came from (file path or data-set reference)
 */
public record Neighbour(String id, String label, float score, String source) {}
