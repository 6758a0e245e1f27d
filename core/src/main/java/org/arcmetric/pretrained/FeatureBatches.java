package org.arcmetric.pretrained;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.arcmetric.data.BatchDataset;
import org.arcmetric.data.PkSampler;

/**
 * A DJL {@link Dataset} of a frozen backbone's features ({@link FeatureTable}): batches {@code (N,
 * F)} float32 with labels {@code (N)} int64, in exactly the order {@link BatchDataset} gives the
 * same images for the same seed and epoch ({@link BatchDataset#epochPlan}); each image of a batch
 * comes in one of its views, drawn by the batch's seeded random numbers. Each {@code getData} call
 * is one epoch. Not thread-safe.
 */
public final class FeatureBatches implements Dataset {
  private final FeatureTable features;
  private final long[] labels;
  private final int batchSize;
  private final PkSampler sampler;
  private final long seed;
  private final AtomicInteger epoch = new AtomicInteger();

  /**
   * @param labels the class index of each image
   * @param sampler P × K batches for pair losses, or null for a plain shuffle
   * @param batchSize images per batch (the sampler's when there is one)
   * @param startEpoch the number of the first epoch (for resumed runs)
   */
  public FeatureBatches(
      FeatureTable features,
      long[] labels,
      int batchSize,
      PkSampler sampler,
      long seed,
      int startEpoch) {
    if (labels.length != features.count()) {
      throw new IllegalArgumentException(
          labels.length + " labels for " + features.count() + " feature vectors");
    }
    this.features = features;
    this.labels = labels.clone();
    this.sampler = sampler;
    this.batchSize = sampler != null ? sampler.getBatchSize() : Math.min(batchSize, labels.length);
    this.seed = seed;
    this.epoch.set(startEpoch);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    int e = epoch.getAndIncrement();
    return () -> new Epoch(manager, e);
  }

  @Override
  public void prepare(Progress progress) {}

  private final class Epoch implements Iterator<Batch> {
    private final NDManager manager;
    private final int[][] plan;
    private final long epochSeed;
    private int next;

    Epoch(NDManager manager, int e) {
      this.manager = manager;
      this.plan = BatchDataset.epochPlan(labels.length, batchSize, sampler, seed, e);
      this.epochSeed = BatchDataset.epochSeed(seed, e);
    }

    @Override
    public boolean hasNext() {
      return next < plan.length;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int b = next++;
      int[] idx = plan[b];
      int d = features.dim();
      Random rnd = new Random(BatchDataset.batchSeed(epochSeed, b));
      float[] x = new float[idx.length * d];
      long[] y = new long[idx.length];
      for (int j = 0; j < idx.length; j++) {
        int view = features.views() == 1 ? 0 : rnd.nextInt(features.views());
        features.copy(view, idx[j], x, j * d);
        y[j] = labels[idx[j]];
      }
      NDManager sub = manager.newSubManager();
      return new Batch(
          sub,
          new NDList(sub.create(x, new Shape(idx.length, d))),
          new NDList(sub.create(y)),
          idx.length,
          Batchifier.STACK,
          Batchifier.STACK,
          next,
          plan.length,
          List.of());
    }
  }
}
