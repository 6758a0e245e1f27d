package org.arcmetric.train;

import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Set;

/**
 * A learning-rate tracker that gives the head's parameters {@code factor} times the rate of the
 * rest (the backbone and embedding), keyed by DJL parameter ids. Immutable.
 */
final class HeadLearningRate implements ParameterTracker {
  private final Tracker base;
  private final Set<String> headParameterIds;
  private final float factor;

  HeadLearningRate(Tracker base, Set<String> headParameterIds, float factor) {
    this.base = base;
    this.headParameterIds = Set.copyOf(headParameterIds);
    this.factor = factor;
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    float lr = base.getNewValue(numUpdate);
    return headParameterIds.contains(parameterId) ? lr * factor : lr;
  }
}
