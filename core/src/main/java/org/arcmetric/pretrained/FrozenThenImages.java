package org.arcmetric.pretrained;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training data of a run whose first epochs keep the backbone frozen: its cached features
 * ({@link FeatureBatches}) for 0-based epochs below {@code frozenEpochs}, the images after (the
 * whole network fine-tuned). Both must give the same number of batches an epoch. Not thread-safe.
 */
public final class FrozenThenImages implements Dataset {
  private final Dataset features;
  private final Dataset images;
  private final int frozenEpochs;
  private final AtomicInteger epoch = new AtomicInteger();

  /**
   * @param images started at epoch {@code max(startEpoch, frozenEpochs)}
   * @param startEpoch the 0-based epoch of the first {@code getData} call
   */
  public FrozenThenImages(Dataset features, Dataset images, int frozenEpochs, int startEpoch) {
    this.features = features;
    this.images = images;
    this.frozenEpochs = frozenEpochs;
    this.epoch.set(startEpoch);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
    return epoch.getAndIncrement() < frozenEpochs
        ? features.getData(manager)
        : images.getData(manager);
  }

  @Override
  public void prepare(Progress progress) throws IOException, TranslateException {}
}
