package org.arcmetric.cli;

import org.arcmetric.data.InputShape;
import org.arcmetric.options.Numbers;
import org.arcmetric.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code train}'s option defaults, read from core: a {@link TrainConfig} built with nothing but its
 * required input, so every default lives once, in the core builder, and {@code --help} shows that
 * value ({@code ${DEFAULT-VALUE}}). Options not listed have no default or one that depends on the
 * data or the network (the backbone, the augmentation, the epochs, the optimiser and the rest of
 * {@code DefaultRecipe}). Stateless.
 */
final class TrainDefaults implements CommandLine.IDefaultValueProvider {
  /** The core's defaults. */
  static final TrainConfig CORE =
      TrainConfig.builder().setInputShape(InputShape.square(1, 28)).build();

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o)) {
      return null;
    }
    return switch (o.longestName()) {
      case "--backbone-lr-factor" -> number(CORE.optimisation().backboneLrFactor());
      case "--loss" -> CORE.loss().name();
      case "--embedding-dim" -> number(CORE.embeddingDim());
      case "--batch-size" -> number(CORE.optimisation().batchSize());
      case "--weight-decay" -> number(CORE.optimisation().weightDecay());
      case "--momentum" -> number(CORE.optimisation().momentum());
      case "--warmup-epochs" -> number(CORE.optimisation().warmupEpochs());
      case "--head-lr-factor" -> number(CORE.optimisation().headLrFactor());
      case "--feature-views" -> number(CORE.data().featureViews());
      case "--val-fraction" -> number(CORE.validation().valFraction());
      case "--val-classes" -> number(CORE.validation().valClasses());
      case "--val-shots" -> number(CORE.validation().valShots());
      case "--k" -> number(CORE.validation().k());
      case "--seed" -> number(CORE.seed());
      case "--rotation-class-term" -> Boolean.toString(CORE.experimental().rotationClassTerm());
      case "--rotation-head-weight" -> number(CORE.experimental().rotationHeadWeight());
      case "--label-smoothing" -> number(CORE.experimental().labelSmoothing());
      case "--shift-views" -> Boolean.toString(CORE.experimental().shifted());
      case "--norm-bias-factor" -> number(CORE.experimental().normBiasRate());
      default -> null;
    };
  }

  static String number(double v) {
    return Numbers.plain(v);
  }

  static String number(float v) {
    return Numbers.plain(v);
  }

  static String number(long v) {
    return Long.toString(v);
  }
}
