/**
 * A training recipe as composed records, each one role: {@link org.arcmetric.config.Optimisation}
 * (how the weights move), {@link org.arcmetric.config.DataOptions} (data, augmentation and seed),
 * {@link org.arcmetric.config.Validation} (what is held out and how it is scored) and {@link
 * org.arcmetric.config.Experimental} (research knobs), beside the loss ({@code loss.LossConfig})
 * and the features ({@code features.FeatureChoice}). {@code train.TrainConfig} holds them; {@code
 * model.json} serialises them as they are (format version 2, {@code model.TrainingRecord}), so a
 * model folder's file is itself the recipe that trains it again. Records: immutable and
 * thread-safe. Depends only on {@code data}, {@code features} and {@code options}.
 */
package org.arcmetric.config;
