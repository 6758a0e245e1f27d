package org.arcmetric.features;

import org.arcmetric.options.Choices;

/**
 * Which activation of the trained network a gallery stores once the head is dropped.
 *
 * <ul>
 *   <li>{@code embedding}: the head's input, {@code backbone → BN → Linear(d) → BN → L2} (d
 *       values); shaped by the training loss for the training classes only;
 *   <li>{@code pooled}: the backbone's global-average-pooled output before the projection (F
 *       values, 128 for {@code resnet-small}, 1280 for {@code mobilenetv2}), L2-normalised. It
 *       keeps directions the training classes did not need, which unseen classes may (the
 *       SimpleShot observation: nearest-centroid few-shot on penultimate features).
 * </ul>
 */
public enum FeatureTap {
  EMBEDDING("embedding"),
  POOLED("pooled"),
  STAGES("stages");

  private final String cliName;

  FeatureTap(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** The tap named {@code s} ({@code embedding} or {@code pooled}). */
  public static FeatureTap parse(String s) {
    return Choices.parse(FeatureTap.class, s, FeatureTap::cliName, "features");
  }
}
