package org.arcmetric.train;

import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A learning-rate tracker with a factor per parameter group, keyed by DJL parameter ids: the head's
 * parameters get {@code headFactor} times the base rate, the backbone's {@code backboneFactor}
 * times (a pretrained backbone fine-tuned more gently), the rest (the projection) the base rate;
 * {@link #scaled} multiplies a further group's factors (airbench's BatchNorm shifts). Immutable.
 */
final class GroupLearningRate implements ParameterTracker {
  private final Tracker base;
  private final Map<String, Float> factors;

  GroupLearningRate(
      Tracker base,
      Set<String> headParameterIds,
      float headFactor,
      Set<String> backboneParameterIds,
      float backboneFactor) {
    this.base = base;
    Map<String, Float> f = new HashMap<>();
    backboneParameterIds.forEach(id -> f.put(id, backboneFactor));
    headParameterIds.forEach(id -> f.put(id, headFactor));
    this.factors = Map.copyOf(f);
  }

  private GroupLearningRate(Tracker base, Map<String, Float> factors) {
    this.base = base;
    this.factors = Map.copyOf(factors);
  }

  /** These rates with the parameters {@code ids} at {@code by} times their rate. */
  GroupLearningRate scaled(Set<String> ids, float by) {
    Map<String, Float> f = new HashMap<>(factors);
    ids.forEach(id -> f.put(id, f.getOrDefault(id, 1f) * by));
    return new GroupLearningRate(base, f);
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    return base.getNewValue(numUpdate) * factors.getOrDefault(parameterId, 1f);
  }
}
