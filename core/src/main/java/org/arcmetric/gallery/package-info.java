/**
 * Labelled embeddings and classification by them: the durable Lucene {@link
 * org.arcmetric.gallery.Gallery}, the in-memory exact {@link org.arcmetric.gallery.ExactIndex} (the
 * oracle beside HNSW), and the {@link org.arcmetric.gallery.Classifier}s (k-NN vote, nearest
 * centroid) that answer a label or {@code unknown}.
 */
package org.arcmetric.gallery;
