/**
 * What a model outputs once the head is dropped: the {@link org.arcmetric.features.FeatureTap}
 * (embedding, pooled, stages), centring with L2 normalisation (CL2N), {@link
 * org.arcmetric.features.Whitening} (ZCA, shrunk), chosen by a {@link
 * org.arcmetric.features.FeatureChoice} and recorded as a {@link
 * org.arcmetric.features.FeatureSpec}. Depends only on {@code linalg} and {@code options}.
 */
package org.arcmetric.features;
