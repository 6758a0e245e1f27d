package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The training loop skips a batch whose loss is not finite: the weights end exactly as those of a
 * run without that batch (the oracle), the guard counts and reports it, and batches with a
 * non-finite loss in a row stop the run before any weight is touched by them.
 */
class TrainingLoopTest {
  private static final int BATCH = 2;
  private static final float MARKER = 1000f;

  /** L2 loss, made NaN for a batch whose labels hold {@link #MARKER}. */
  private static final class NanOnMarker extends Loss {
    private final Loss inner = Loss.l2Loss();

    NanOnMarker() {
      super("nan-on-marker");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      NDArray loss = inner.evaluate(labels, predictions);
      boolean marked = labels.head().max().getFloat() >= MARKER;
      return marked ? loss.mul(Float.NaN) : loss;
    }
  }

  private record Outcome(
      float[] weight,
      float[] bias,
      RunState state,
      String progress,
      TrainingDivergedException stopped) {}

  /** Trains one epoch on the batches listed (of {@link #batches}), those in {@code bad} marked. */
  private static Outcome train(List<Integer> order, Set<Integer> bad) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(out, true);
    try (NDManager m = NDManager.newBaseManager();
        Model model = Model.newInstance("loop")) {
      int n = order.size() * BATCH;
      float[] x = new float[n * 3];
      float[] y = new float[n];
      for (int i = 0; i < order.size(); i++) {
        int b = order.get(i);
        for (int j = 0; j < BATCH; j++) {
          int row = i * BATCH + j;
          int sample = b * BATCH + j; // the same sample wherever its batch sits
          for (int c = 0; c < 3; c++) {
            x[row * 3 + c] = (float) Math.sin(sample * 3 + c + 1);
          }
          y[row] = bad.contains(b) ? MARKER : (float) Math.cos(sample);
        }
      }
      ArrayDataset data =
          new ArrayDataset.Builder()
              .setData(m.create(x, new Shape(n, 3)))
              .optLabels(m.create(y, new Shape(n, 1)))
              .setSampling(BATCH, false)
              .build();
      Block block = Linear.builder().setUnits(1).build();
      model.setBlock(block);
      RunState state = new RunState(1, 1, order.size(), BATCH);
      DivergenceGuard guard = new DivergenceGuard(state, "(advice)", progress);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(new NanOnMarker())
              .optInitializer(new ConstantInitializer(0.1f), Parameter.Type.WEIGHT)
              .optInitializer(Initializer.ZEROS, Parameter.Type.BIAS)
              .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build())
              .addTrainingListeners(state.batchCounter(), new EvaluatorTrainingListener(), guard);
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(BATCH, 3));
        TrainingDivergedException stopped = null;
        try {
          TrainingLoop.fit(trainer, 1, data, guard);
        } catch (TrainingDivergedException e) {
          stopped = e;
        }
        float[] w = block.getParameters().get("weight").getArray().toFloatArray();
        float[] b = block.getParameters().get("bias").getArray().toFloatArray();
        return new Outcome(w, b, state, out.toString(), stopped);
      }
    }
  }

  private static List<Integer> batches(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  @Test
  void aBatchWithANonFiniteLossLeavesTheWeightsAsIfItWereNotThere() throws Exception {
    // batches 1, 3 and 4 give NaN (3 and 4 in a row: below the limit of 3)
    Outcome skipping = train(batches(6), Set.of(1, 3, 4));
    Outcome without = train(List.of(0, 2, 5), Set.of());
    assertThat(skipping.weight()).containsExactly(without.weight());
    assertThat(skipping.bias()).containsExactly(without.bias());
    // the weights moved: the good batches did update
    assertThat(skipping.weight()).isNotEqualTo(new float[] {0.1f, 0.1f, 0.1f});
    assertThat(skipping.state().record.skippedBatches).isEqualTo(3);
    assertThat(skipping.state().batch).isEqualTo(6);
    assertThat(skipping.progress())
        .contains("arcmetric: warning: epoch 1, batch 2: the loss is NaN; the batch is skipped")
        .contains("epoch 1, batch 4:", "epoch 1, batch 5:");
    // an epoch without one records none
    assertThat(without.state().record.skippedBatches).isNull();
    assertThat(without.progress()).isEmpty();
    assertThat(skipping.stopped()).isNull();
  }

  @Test
  void batchesWithANonFiniteLossInARowStopTheRunBeforeTheyTouchTheWeights() throws Exception {
    Outcome stopped = train(batches(5), Set.of(1, 2, 3));
    assertThat(stopped.stopped())
        .isNotNull()
        .hasMessageContaining("training diverged at epoch 1, batch 4")
        .hasMessageContaining("the loss was NaN in 3 batches in a row")
        .hasMessageEndingWith("(advice)");
    // the weights are those after batch 0, the last to update, and finite
    Outcome first = train(List.of(0), Set.of());
    assertThat(stopped.weight()).containsExactly(first.weight());
    assertThat(stopped.progress()).contains("batch 2:", "batch 3:").doesNotContain("batch 4:");
  }
}
