package org.arcmetric.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stochastic gradient descent with Nesterov momentum, as PyTorch's {@code SGD(nesterov=True)}
 * computes it (Sutskever et al. 2013), with L2 weight decay λ folded into the gradient:
 *
 * <pre>
 *   g = ∇L(w) + λ·w
 *   v ← μ·v + g
 *   w ← w − η·(g + μ·v)
 * </pre>
 *
 * with η from the learning-rate tracker (per parameter), λ the weight decay times the parameter's
 * own factor (1 unless {@link Builder#optWeightDecayFactors} names it) and v starting at 0. DJL's
 * own {@code Nag} has no update on the PyTorch engine, hence this one, in NDArray arithmetic in
 * place; like DJL's optimisers it zeroes the weight's gradient after its update.
 *
 * <p>Called by the trainer's parameter store on the training thread; keeps one velocity per
 * parameter and device.
 */
public final class NesterovSgd extends Optimizer {
  private final ParameterTracker learningRate;
  private final float momentum;
  private final Map<String, Float> decayFactors;
  private final Map<String, Map<Device, NDArray>> velocities = new ConcurrentHashMap<>();

  private NesterovSgd(Builder builder) {
    super(builder);
    learningRate = builder.learningRate;
    momentum = builder.momentum;
    decayFactors = Map.copyOf(builder.decayFactors);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
    float lambda = getWeightDecay() * decayFactors.getOrDefault(parameterId, 1f);
    NDArray v =
        withDefaultState(velocities, parameterId, weight.getDevice(), k -> weight.zerosLike());
    try (NDArray g = grad.mul(rescaleGrad)) {
      if (clipGrad > 0) {
        try (NDArray clipped = g.clip(-clipGrad, clipGrad)) {
          g.muli(0).addi(clipped);
        }
      }
      if (lambda != 0f) {
        try (NDArray decay = weight.mul(lambda)) {
          g.addi(decay);
        }
      }
      v.muli(momentum).addi(g);
      try (NDArray step = v.mul(momentum)) {
        step.addi(g).muli(lr);
        weight.subi(step);
      }
    }
    // the parameter store hands over a copy of the gradient: the weight's own is zeroed, as
    // DJL's optimisers do on this engine (PyTorch adds each backward pass to it)
    if (weight.hasGradient()) {
      try (NDArray own = weight.getGradient()) {
        own.subi(own);
      }
    }
  }

  /** The builder: {@code set*} required, {@code opt*} optional, {@link #build()} validates. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker learningRate;
    private float momentum;
    private Map<String, Float> decayFactors = Map.of();

    private Builder() {}

    /**
     * Each named parameter's weight decay as a multiple of the one weight decay (default: none
     * named, every parameter decayed by it); factors must not be negative.
     */
    public Builder optWeightDecayFactors(Map<String, Float> factors) {
      this.decayFactors = factors;
      return this;
    }

    /** η, per parameter and step (required). */
    public Builder setLearningRateTracker(ParameterTracker learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** μ in [0, 1) (default 0: plain gradient descent, the look-ahead term vanishing). */
    public Builder optMomentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @throws IllegalArgumentException without a learning rate, or with μ outside [0, 1)
     */
    public NesterovSgd build() {
      if (learningRate == null) {
        throw new IllegalArgumentException(
            "the learning rate is required (setLearningRateTracker)");
      }
      if (!(momentum >= 0f && momentum < 1f)) {
        throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
      }
      if (decayFactors == null || decayFactors.values().stream().anyMatch(f -> !(f >= 0f))) {
        throw new IllegalArgumentException("weight-decay factors must not be negative");
      }
      return new NesterovSgd(this);
    }
  }
}
