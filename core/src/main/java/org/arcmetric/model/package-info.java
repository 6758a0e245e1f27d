/**
 * Networks and their folder. {@link org.arcmetric.model.Backbone}s map images to features, {@link
 * org.arcmetric.model.EmbeddingNetwork} adds the BN-FC-BN projection and L2 normalisation, and
 * margin heads ({@link org.arcmetric.loss.MarginHead}, {@link org.arcmetric.loss.ArcFaceHead}) turn
 * embeddings into logits for training only. {@link org.arcmetric.model.ModelFolder} reads and
 * writes {@code model.json} and the weights.
 *
 * <p>Notation as in the ArcFace paper: x the embedding (d values), W the class weights (C × d), θ
 * the angle between x and a class weight, s the logit scale, m the margin in radians.
 */
package org.arcmetric.model;
