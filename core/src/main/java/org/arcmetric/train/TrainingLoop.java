package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The epochs of a training run: DJL's {@code EasyTrain.fit} on one device, except that a batch
 * whose loss is not finite (NaN or ±∞) gets no backward pass and no update. Its weights are then
 * exactly those of a run without that batch; the {@link DivergenceGuard} is told ({@link
 * DivergenceGuard#skipped}), says so, counts it and stops the run when such batches follow each
 * other (the weights themselves gone bad). Mixed-precision training skips such steps the same way
 * (PyTorch's {@code GradScaler}); one stray NaN then costs one batch, not the run. Listeners see
 * {@code onTrainingBatch} for the batches that update only. Used from the training thread only.
 */
final class TrainingLoop {
  private TrainingLoop() {}

  /**
   * Trains {@code epochs} passes over {@code data}, each ending in the listeners' {@code onEpoch}.
   */
  static void fit(Trainer trainer, int epochs, Dataset data, DivergenceGuard guard)
      throws IOException, TranslateException {
    if (trainer.getDevices().length != 1) {
      throw new IllegalStateException("the training loop runs on one device");
    }
    for (int e = 0; e < epochs; e++) {
      for (Batch batch : trainer.iterateDataset(data)) {
        try {
          if (trainBatch(trainer, batch, guard)) {
            trainer.step();
          }
        } finally {
          batch.close();
        }
      }
      trainer.notifyListeners(listener -> listener.onEpoch(trainer));
    }
  }

  /**
   * The forward pass, the loss and, when the loss is finite, the backward pass and the listeners'
   * {@code onTrainingBatch}; returns whether the batch should update the weights.
   */
  static boolean trainBatch(Trainer trainer, Batch batch, DivergenceGuard guard) {
    NDList data = batch.getData();
    NDList labels = batch.getLabels();
    BatchData batchData =
        new BatchData(batch, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    try (GradientCollector collector = trainer.newGradientCollector()) {
      NDList predictions = trainer.forward(data, labels);
      NDArray loss = trainer.getLoss().evaluate(labels, predictions);
      float value = loss.toType(DataType.FLOAT32, false).getFloat();
      if (!Float.isFinite(value)) {
        guard.skipped(value);
        return false;
      }
      collector.backward(loss);
      batchData.getLabels().put(labels.get(0).getDevice(), labels);
      batchData.getPredictions().put(predictions.get(0).getDevice(), predictions);
    }
    trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
    return true;
  }
}
