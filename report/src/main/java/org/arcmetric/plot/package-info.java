/**
 * Pictures of training and of the embedding, written as PNG files: training curves, 2-D projections
 * (PCA, t-SNE) and the raw unit circle or sphere, confusion heat maps, ROC curves, similarity
 * histograms and nearest-neighbour grids. Charts are drawn with JFreeChart, headless; every writer
 * is stateless and thread-safe.
 */
package org.arcmetric.plot;
