/**
 * Prediction-time embedding: {@link org.arcmetric.embed.EmbeddingModel} loads a model folder
 * without its head, {@link org.arcmetric.embed.Embedder} turns pixels into unit vectors. No {@code
 * NDArray} leaves this package: inputs are {@code byte[]} pixels, outputs {@code float[]}.
 */
package org.arcmetric.embed;
