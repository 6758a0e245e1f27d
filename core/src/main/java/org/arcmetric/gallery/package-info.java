/**
 * Labelled embeddings and classification by them: the {@link org.arcmetric.gallery.Gallery}
 * interface with its local engine {@link org.arcmetric.gallery.LuceneGallery} (others, such as
 * SolrCloud, plug in through {@link org.arcmetric.gallery.GalleryProvider} and are opened by
 * location with {@link org.arcmetric.gallery.Galleries}), the in-memory exact {@link
 * org.arcmetric.gallery.ExactIndex} (the oracle beside HNSW), and the {@link
 * org.arcmetric.gallery.Classifier}s (k-NN vote, nearest centroid) that answer a label or {@code
 * unknown}.
 */
package org.arcmetric.gallery;
