/**
 * Training on DJL's {@code Trainer}: {@link org.arcmetric.train.TrainConfig} (a builder of
 * options), {@link org.arcmetric.train.EmbeddingTrainer} (the run), its loop over the batches
 * (DJL's {@code EasyTrain.fit}, skipping a batch whose loss is not finite) and its training
 * listeners — progress, divergence guard, per-epoch statistics, validation through a gallery (with
 * held-out classes), the JSON-lines log and checkpoints.
 */
package org.arcmetric.train;
