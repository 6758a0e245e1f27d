/**
 * Pretrained backbones used frozen: their pooled features are computed once per training image and
 * view ({@link org.arcmetric.pretrained.FrozenFeatures}), kept in a memory-mapped file between runs
 * ({@link org.arcmetric.pretrained.FeatureCache}), and fed to the embedding head as batches ({@link
 * org.arcmetric.pretrained.FeatureBatches}), so an epoch costs the head's arithmetic, not the
 * backbone's. Depends on {@code data}, {@code model} and {@code compute}; {@code train} uses it.
 */
package org.arcmetric.pretrained;
