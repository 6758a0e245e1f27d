package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.ParameterTracker;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {
  @Test
  void twoStepsMatchTheUpdateWorkedByHand() {
    // w0 = 1, λ = 0.1, μ = 0.9, η = 0.5 then 0.25:
    // step 1: g = 0.2 + 0.1·1 = 0.3; v = 0.3; w = 1 − 0.5·(0.3 + 0.27) = 0.715
    // step 2: g = −1 + 0.0715 = −0.9285; v = 0.27 − 0.9285 = −0.6585;
    //         w = 0.715 − 0.25·(−0.9285 − 0.59265) = 1.0952875
    // DJL counts updates from 1, and a parameter's count is the optimiser's (the largest so far)
    ParameterTracker lr = (id, n) -> n == 1 ? 0.5f : 0.25f;
    NesterovSgd opt =
        NesterovSgd.builder()
            .setLearningRateTracker(lr)
            .optMomentum(0.9f)
            .optWeightDecays(0.1f)
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, 1f});
      NDArray g1 = m.create(new float[] {0.2f, 0.2f});
      opt.update("w", w, g1);
      assertThat(w.toFloatArray()[0]).isCloseTo(0.715f, Offset.offset(1e-6f));
      opt.update("w", w, m.create(new float[] {-1f, -1f}));
      assertThat(w.toFloatArray()[1]).isCloseTo(1.0952875f, Offset.offset(1e-6f));
      // each parameter has its own velocity (here at step 2's rate): 1 − 0.25·(0.3 + 0.27)
      NDArray u = m.create(new float[] {1f});
      opt.update("u", u, m.create(new float[] {0.2f}));
      assertThat(u.toFloatArray()[0]).isCloseTo(0.8575f, Offset.offset(1e-6f));
    }
  }

  @Test
  void theWeightsOwnGradientIsZeroedNotOnlyTheCopyTheTrainerPasses() {
    NesterovSgd opt = NesterovSgd.builder().setLearningRateTracker((id, n) -> 0.1f).build();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, 2f});
      w.setRequiresGradient(true);
      for (int step = 0; step < 2; step++) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
          c.backward(w.mul(w).sum()); // ∇ = 2w
        }
        // DJL's parameter store passes a duplicate of the gradient
        try (NDArray own = w.getGradient();
            NDArray copy = own.duplicate()) {
          opt.update("w", w, copy);
        }
        try (NDArray own = w.getGradient()) {
          assertThat(own.toFloatArray()).containsExactly(0f, 0f);
        }
      }
      // two steps of w ← w − 0.1·2w: 0.8², not what accumulated gradients would give
      float[] got = w.toFloatArray();
      assertThat(got[0]).isCloseTo(0.64f, Offset.offset(1e-6f));
      assertThat(got[1]).isCloseTo(1.28f, Offset.offset(1e-6f));
    }
  }

  @Test
  void withoutMomentumItIsPlainGradientDescentAndTheBuilderValidates() {
    NesterovSgd opt = NesterovSgd.builder().setLearningRateTracker((id, n) -> 0.1f).build();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {2f, -3f});
      opt.update("w", w, m.create(new float[] {1f, -4f}));
      float[] got = w.toFloatArray();
      assertThat(got[0]).isCloseTo(1.9f, Offset.offset(1e-6f));
      assertThat(got[1]).isCloseTo(-2.6f, Offset.offset(1e-6f));
    }
    assertThatThrownBy(() -> NesterovSgd.builder().build())
        .hasMessageContaining("setLearningRateTracker");
    assertThatThrownBy(
            () ->
                NesterovSgd.builder().setLearningRateTracker((id, n) -> 1f).optMomentum(1f).build())
        .hasMessageContaining("momentum");
  }
}
