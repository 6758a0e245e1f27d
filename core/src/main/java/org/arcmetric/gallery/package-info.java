/**
 * Storage and search of labelled embeddings: the {@link org.arcmetric.gallery.Gallery} interface
 * with its local engine {@link org.arcmetric.gallery.LuceneGallery} (others, such as SolrCloud,
 * plug in through {@link org.arcmetric.gallery.GalleryProvider} and are opened by location with
 * {@link org.arcmetric.gallery.Galleries}), the in-memory exact {@link
 * org.arcmetric.gallery.ExactIndex} (the oracle beside HNSW), and what a gallery stores about
 * itself: its metadata, statistics and {@link org.arcmetric.gallery.Calibration}. Classifying by a
 * gallery lives in {@code org.arcmetric.classify}, which depends on this package and never the
 * other way round.
 */
package org.arcmetric.gallery;
