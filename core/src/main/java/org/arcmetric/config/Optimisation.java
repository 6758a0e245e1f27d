package org.arcmetric.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the weights start and move: the first layer's start, the schedule of epochs and learning
 * rate, the optimiser, and how the parts of the network (backbone, head) and the margin are phased
 * in. Fields that a run resolves from its data or backbone are null until then; {@code model.json}
 * records them resolved. Immutable.
 *
 * @param epochs passes over the training images; null: chosen from the data ({@code
 *     train.TrainConfig#defaultEpochs})
 * @param batchSize images per optimiser step
 * @param optimizer Adam, AdamW or SGD
 * @param learningRate peak learning rate η, after the linear warm-up
 * @param weightDecay L2 weight decay λ (decoupled for AdamW)
 * @param momentum SGD's momentum (unused by the others)
 * @param warmupEpochs epochs of linear learning-rate warm-up (fractions allowed)
 * @param freezeBackboneEpochs epochs at the start with the backbone frozen; null: every epoch for a
 *     pretrained backbone, none for a built-in one
 * @param backboneLrFactor the backbone's learning rate as a multiple of η
 * @param headLrFactor the head's learning rate as a multiple of the backbone's
 * @param marginWarmupEpochs epochs over which a margin head's margin m grows from 0 (after any
 *     softmax warm start)
 * @param softmaxWarmupEpochs epochs a margin head first trains as plain softmax; null: the default
 *     share of the epochs ({@code train.TrainConfig#softmaxWarmupEpochs(int)})
 * @param whitenStem whether a built-in network's first convolution starts as a patch-whitening
 *     layer of the training images ({@code train.StemWhitening}); null in files written before it
 *     was recorded, whose runs started at random (a {@code --config} of such a file takes today's
 *     default of its backbone, so a {@code convnet-small} one now trains whitened)
 * @param diracInit whether the convolutions of {@code convnet-small} after the first start as the
 *     identity on their input channels ({@code train.DiracInit}); null in files written before it
 *     was recorded, whose runs started at random (read by {@code --config} as {@code whitenStem})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Optimisation(
    Integer epochs,
    int batchSize,
    OptimizerKind optimizer,
    float learningRate,
    float weightDecay,
    float momentum,
    float warmupEpochs,
    Integer freezeBackboneEpochs,
    float backboneLrFactor,
    float headLrFactor,
    float marginWarmupEpochs,
    Float softmaxWarmupEpochs,
    Boolean whitenStem,
    Boolean diracInit) {

  /** The same, with what a run resolved: its epochs, frozen epochs and softmax warm start. */
  public Optimisation resolved(int epochs, int frozenEpochs, float softmaxWarmup) {
    return new Optimisation(
        epochs,
        batchSize,
        optimizer,
        learningRate,
        weightDecay,
        momentum,
        warmupEpochs,
        frozenEpochs,
        backboneLrFactor,
        headLrFactor,
        marginWarmupEpochs,
        softmaxWarmup,
        whitenStem,
        diracInit);
  }
}
