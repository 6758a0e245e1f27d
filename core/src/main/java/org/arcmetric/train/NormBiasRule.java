package org.arcmetric.train;

import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.arcmetric.model.EmbeddingNetwork;

/**
 * airbench's BatchNorm rule (Jordan 2024, "94% on CIFAR-10 in 3.29 seconds"): every BatchNorm of
 * the backbone keeps its scale γ fixed at 1 and learns its shift β at {@code factor} (airbench: 64)
 * times the rate η of the other weights, with the weight decay λ divided by the factor, so that β
 * is decayed by the same η·λ·β per step as the weights:
 *
 * <pre>
 *   β ← β − (factor·η)·(∇β + (λ / factor)·β)     (before momentum)
 * </pre>
 *
 * (airbench fixes γ, whose scale the following layers can largely absorb, and speeds up β, which
 * sets each channel's threshold before the activation; what the rule is worth here: BENCHMARKS.md
 * section 26.) The rates reach the optimiser through {@link #rates}, the decay through {@link
 * #decayFactors} (only {@link NesterovSgd} takes one per parameter). Immutable once applied.
 */
final class NormBiasRule {
  private final float factor;
  private final Set<String> shiftIds;

  private NormBiasRule(float factor, Set<String> shiftIds) {
    this.factor = factor;
    this.shiftIds = Set.copyOf(shiftIds);
  }

  /** Fixes {@code net}'s BatchNorm scales and returns the rule for its shifts. */
  static NormBiasRule apply(EmbeddingNetwork net, float factor) {
    if (!(factor >= 1f)) {
      throw new IllegalArgumentException("the factor must be at least 1: " + factor);
    }
    net.fixNormScales();
    Set<String> ids = new LinkedHashSet<>();
    net.backboneNormParameters(Parameter.Type.BETA).forEach(p -> ids.add(p.getId()));
    return new NormBiasRule(factor, ids);
  }

  /** The parameter ids of the shifts β. */
  Set<String> shiftIds() {
    return shiftIds;
  }

  /** {@code rates} with the shifts at {@code factor} times theirs. */
  GroupLearningRate rates(GroupLearningRate rates) {
    return rates.scaled(shiftIds, factor);
  }

  /** The weight-decay factor of each shift, 1/factor. */
  Map<String, Float> decayFactors() {
    Map<String, Float> f = new HashMap<>();
    shiftIds.forEach(id -> f.put(id, 1f / factor));
    return f;
  }
}
