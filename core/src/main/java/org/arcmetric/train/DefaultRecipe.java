package org.arcmetric.train;

import org.arcmetric.config.OptimizerKind;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.InputShape;
import org.arcmetric.model.Backbone;
import org.arcmetric.model.BackboneRef;

/**
 * The optimisation a network trains with where the caller leaves it to {@link TrainConfig}: one
 * rule, resolved once in {@link TrainConfig.Builder#build()}, for the optimiser, its learning rate,
 * Nesterov momentum, Lookahead, the margin warm-up and the augmentation.
 *
 * <ul>
 *   <li><b>{@code convnet-small} with SGD</b> (its default optimiser): airbench's optimisation
 *       (Jordan 2024) as ported here: SGD with learning rate η = {@value #SGD_LEARNING_RATE},
 *       Nesterov momentum ({@link NesterovSgd}), {@link Lookahead}, a margin ramped from 0 over
 *       {@value #MARGIN_WARMUP_EPOCHS} epochs, and for colour images the {@code flip-shift}
 *       augmentation. Chosen on held-out selection classes of two kinds of data and three seeds
 *       (BENCHMARKS.md sections 26 and 27).
 *   <li><b>every other network, or another optimiser</b>: Adam (η = {@value #ADAM_LEARNING_RATE}),
 *       no Nesterov momentum, no Lookahead, no margin warm-up, {@link Augmentation#forInput}'s
 *       augmentation — the recipe {@code convnet-small} trained with before, kept for the grey
 *       {@code resnet-small} and pretrained backbones, where the SGD recipe was not measured.
 * </ul>
 *
 * What the caller sets wins over the rule; an optimiser set without a learning rate gets {@link
 * #learningRate}'s. An immutable value; the static methods are stateless.
 *
 * @param optimizer the optimiser
 * @param nesterov whether SGD uses Nesterov's momentum
 * @param lookahead whether the weights are pulled to their running average ({@link Lookahead})
 * @param marginWarmupEpochs epochs over which a margin head's margin ramps from 0
 * @param augmentation the training augmentation
 */
public record DefaultRecipe(
    OptimizerKind optimizer,
    boolean nesterov,
    boolean lookahead,
    float marginWarmupEpochs,
    Augmentation augmentation) {

  /** SGD's learning rate when none is given: {@value}. */
  public static final float SGD_LEARNING_RATE = 0.05f;

  /** Adam's and AdamW's learning rate when none is given: {@value}. */
  public static final float ADAM_LEARNING_RATE = 1e-3f;

  /** The margin warm-up of {@code convnet-small}'s recipe, in epochs: {@value}. */
  public static final int MARGIN_WARMUP_EPOCHS = 3;

  /** {@link #of}'s rule in words, for help texts. */
  public static final String RULE =
      "sgd with Nesterov momentum, Lookahead, flip-shift and a 3-epoch margin warm-up for"
          + " convnet-small; adam for the other networks";

  /** Where {@link #of} turns Nesterov momentum and Lookahead on, for help texts. */
  public static final String ON_RULE = "true for convnet-small with sgd, else false";

  /** Where {@link #of} augments with {@code flip-shift}, for help texts. */
  public static final String FLIP_SHIFT_RULE =
      "flip-shift for convnet-small with sgd on colour images";

  /**
   * The recipe for {@code backbone} on inputs of {@code shape}, with {@code chosen} the optimiser
   * the caller set (null: the network's own).
   */
  public static DefaultRecipe of(BackboneRef backbone, InputShape shape, OptimizerKind chosen) {
    boolean plain =
        backbone instanceof BackboneRef.BuiltIn b && b.backbone() == Backbone.CONVNET_SMALL;
    OptimizerKind optimizer =
        chosen != null ? chosen : plain ? OptimizerKind.SGD : OptimizerKind.ADAM;
    if (!plain || optimizer != OptimizerKind.SGD) {
      return new DefaultRecipe(optimizer, false, false, 0f, Augmentation.forInput(shape));
    }
    // flips are for colour photos; a grey input keeps its own preset (Augmentation.forInput)
    Augmentation augmentation =
        shape.channels() == 3 ? Augmentation.FLIP_SHIFT : Augmentation.forInput(shape);
    return new DefaultRecipe(optimizer, true, true, MARGIN_WARMUP_EPOCHS, augmentation);
  }

  /** The learning rate of {@code optimizer} when none is given. */
  public static float learningRate(OptimizerKind optimizer) {
    return optimizer == OptimizerKind.SGD ? SGD_LEARNING_RATE : ADAM_LEARNING_RATE;
  }
}
