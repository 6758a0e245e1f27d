/**
 * Classification by a gallery's nearest embeddings: the {@link org.arcmetric.classify.Classifier}s
 * (k-NN vote, nearest centroid) that answer a label or {@code unknown}, their {@link
 * org.arcmetric.classify.Prediction}s, and the {@link org.arcmetric.classify.Calibrator} that
 * chooses the "unknown" thresholds a gallery stores (its {@link
 * org.arcmetric.gallery.Calibration}), with the leave-one-class-out impostors of {@link
 * org.arcmetric.classify.WithoutLabel}.
 */
package org.arcmetric.classify;
