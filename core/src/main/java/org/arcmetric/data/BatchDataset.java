package org.arcmetric.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DJL {@link Dataset} over an {@link ImageSet} that builds whole batches ahead of the training
 * step: worker threads shuffle, augment and normalise into plain {@code float[]} buffers (pure
 * Java, no native calls), and the training thread turns each finished buffer into one {@link
 * NDArray} with a single copy. Up to {@code prefetch} batches are in flight.
 *
 * <p>Data {@code (N, C, H, W)} float32; labels {@code (N)} int64 class indices into {@code
 * classes}. Each call of {@code iterator()} is one epoch; epoch {@code e} is shuffled with its own
 * seed (or drawn as P × K batches by a {@link PkSampler} for pair losses) and batch {@code b}
 * augmented with its own seeded {@link Random}, so a run is repeatable whatever the thread timing.
 * The last incomplete batch is dropped (BatchNorm dislikes tiny batches).
 *
 * <p>Not thread-safe: iterate one epoch at a time, from one thread. {@link #close()} stops the
 * workers.
 */
public final class BatchDataset implements Dataset, AutoCloseable {
  private final ImageSet images;
  private final long[] labelIndex;
  private final int batchSize;
  private final Augmentation augmentation;
  private final Normalization normalization;
  private final long seed;
  private final int prefetch;
  private final ExecutorService workers;
  private final PkSampler sampler;
  private final AtomicInteger epoch = new AtomicInteger();
  private volatile Rotation rotation = Rotation.NONE;

  /** How training images are turned: not at all, into joint labels, or for a rotation head. */
  private enum Rotation {
    NONE,
    LABELS,
    TURNS
  }

  /**
   * @param classIndex maps each label of {@code images} to its class index
   * @param workers threads that prepare batches
   * @param startEpoch the epoch number of the first iteration (for resumed runs)
   */
  public BatchDataset(
      ImageSet images,
      Map<String, Integer> classIndex,
      int batchSize,
      Augmentation augmentation,
      Normalization normalization,
      long seed,
      int workers,
      int startEpoch) {
    this(images, classIndex, batchSize, augmentation, normalization, seed, workers, startEpoch, 0);
  }

  /**
   * As above; with {@code imagesPerClass} K ≥ 2 the batches are P × K ({@link PkSampler}, P =
   * batchSize / K) instead of a plain shuffle.
   */
  public BatchDataset(
      ImageSet images,
      Map<String, Integer> classIndex,
      int batchSize,
      Augmentation augmentation,
      Normalization normalization,
      long seed,
      int workers,
      int startEpoch,
      int imagesPerClass) {
    if (images.size() == 0) {
      throw new IllegalArgumentException("no training images");
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
    }
    this.images = images;
    this.labelIndex = new long[images.size()];
    for (int i = 0; i < images.size(); i++) {
      Integer idx = classIndex.get(images.label(i));
      if (idx == null) {
        throw new IllegalArgumentException("label '" + images.label(i) + "' has no class index");
      }
      labelIndex[i] = idx;
    }
    if (imagesPerClass > 0) {
      int[] idx = new int[labelIndex.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = (int) labelIndex[i];
      }
      this.sampler =
          new PkSampler(idx, Math.max(2, batchSize / imagesPerClass), imagesPerClass, seed);
      this.batchSize = sampler.getBatchSize();
    } else {
      this.sampler = null;
      this.batchSize = Math.min(batchSize, images.size());
    }
    this.augmentation = augmentation;
    this.normalization = normalization;
    this.seed = seed;
    this.prefetch = Math.max(2, 2 * workers);
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, workers),
            r -> {
              Thread t = new Thread(r, "arcmetric-batches");
              t.setDaemon(true);
              return t;
            });
    this.epoch.set(startEpoch);
  }

  /**
   * Self-supervised label augmentation (Lee et al., ICML 2020, "Self-supervised Label Augmentation
   * via Input Transformations"; rotation as in Gidaris et al., ICLR 2018): each training image is
   * turned by {@code r · 90°} with r drawn uniformly from {0, 1, 2, 3} and labelled {@code 4·c +
   * r}, so the head learns 4·C joint classes and the features must keep the image's orientation as
   * well as its class. Needs square images. Call before the first epoch.
   *
   * @throws IllegalArgumentException for images that are not square
   */
  public BatchDataset rotationLabels(boolean on) {
    return rotate(Rotation.LABELS, on, "rotation labels need");
  }

  /**
   * Self-supervised rotation task beside the class (Gidaris et al., CVPR 2019): each training image
   * is turned by {@code r · 90°} with r drawn uniformly from {0, 1, 2, 3} and the batch's labels
   * are two arrays, the class {@code c} and the turn {@code r}, for a separate rotation head
   * ({@code loss.RotationHead}). Needs square images; not with {@link #rotationLabels}. Call before
   * the first epoch.
   *
   * @throws IllegalArgumentException for images that are not square, or with rotation labels on
   */
  public BatchDataset rotationTurns(boolean on) {
    return rotate(Rotation.TURNS, on, "a rotation task needs");
  }

  /** Turns {@code mode} on (square images, no other mode on) or off (if it is the one on). */
  private BatchDataset rotate(Rotation mode, boolean on, String needs) {
    if (!on) {
      if (rotation == mode) {
        rotation = Rotation.NONE;
      }
      return this;
    }
    if (images.shape().height() != images.shape().width()) {
      throw new IllegalArgumentException(needs + " square images, got " + images.shape());
    }
    if (rotation != Rotation.NONE && rotation != mode) {
      throw new IllegalArgumentException("rotation labels and a rotation task exclude each other");
    }
    rotation = mode;
    return this;
  }

  /**
   * Turns the channel-first {@code size × size} image at {@code data[offset...]} by {@code r · 90°}
   * clockwise in place ({@code r} in 0…3), using {@code tmp} (one plane) as scratch.
   */
  static void rotate(float[] data, int offset, int channels, int size, int r, float[] tmp) {
    if (r == 0) {
      return;
    }
    int plane = size * size;
    for (int c = 0; c < channels; c++) {
      int base = offset + c * plane;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int sy;
          int sx;
          switch (r) {
            case 1 -> {
              sy = size - 1 - x;
              sx = y;
            }
            case 2 -> {
              sy = size - 1 - y;
              sx = size - 1 - x;
            }
            default -> {
              sy = x;
              sx = size - 1 - y;
            }
          }
          tmp[y * size + x] = data[base + sy * size + sx];
        }
      }
      System.arraycopy(tmp, 0, data, base, plane);
    }
  }

  /** The P × K sampler of a pair loss, or null for a plain shuffle. */
  public PkSampler sampler() {
    return sampler;
  }

  /** The class index of each image, in the image set's order (a copy). */
  public long[] labelIndex() {
    return labelIndex.clone();
  }

  /** Batches per epoch. */
  public int batchesPerEpoch() {
    return sampler != null ? sampler.batchesPerEpoch() : images.size() / batchSize;
  }

  public int batchSize() {
    return batchSize;
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    return () -> new EpochIterator(manager, epoch.getAndIncrement());
  }

  @Override
  public void prepare(Progress progress) {
    // Everything is in memory already.
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /**
   * A batch's pixels, labels and, with {@link #rotationTurns}, the turn of each image (else null).
   */
  private record Prepared(float[] data, long[] labels, long[] turns, int size) {}

  private final class EpochIterator implements Iterator<Batch> {
    private final NDManager manager;
    private final int[][] plan;
    private final long epochSeed;
    private final int batches;
    private final Deque<Future<Prepared>> queue = new ArrayDeque<>();
    private int submitted;
    private int taken;

    EpochIterator(NDManager manager, int epochNumber) {
      this.manager = manager;
      this.epochSeed = epochSeed(seed, epochNumber);
      this.plan = epochPlan(images.size(), batchSize, sampler, seed, epochNumber);
      this.batches = plan.length;
      fill();
    }

    private void fill() {
      while (submitted < batches && queue.size() < prefetch) {
        int b = submitted++;
        queue.add(workers.submit(() -> prepare(b)));
      }
    }

    private Prepared prepare(int b) {
      Random rnd = new Random(batchSeed(epochSeed, b));
      InputShape shape = images.shape();
      int per = shape.values();
      float[] data = new float[batchSize * per];
      long[] labels = new long[batchSize];
      Rotation mode = rotation;
      boolean turned = mode != Rotation.NONE;
      float[] tmp = turned ? new float[shape.height() * shape.width()] : null;
      long[] turns = mode == Rotation.TURNS ? new long[batchSize] : null;
      for (int j = 0; j < batchSize; j++) {
        int i = plan[b][j];
        augmentation.apply(images.pixels(i), shape, normalization, data, j * per, rnd);
        labels[j] = labelIndex[i];
        if (turned) {
          int r = rnd.nextInt(4);
          rotate(data, j * per, shape.channels(), shape.height(), r, tmp);
          if (mode == Rotation.LABELS) {
            labels[j] = 4 * labelIndex[i] + r;
          } else {
            turns[j] = r;
          }
        }
      }
      return new Prepared(data, labels, turns, batchSize);
    }

    @Override
    public boolean hasNext() {
      return taken < batches;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Prepared p;
      try {
        p = queue.poll().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while preparing a batch", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
      }
      taken++;
      fill();
      InputShape s = images.shape();
      NDManager sub = manager.newSubManager();
      NDArray x = sub.create(p.data(), new Shape(p.size(), s.channels(), s.height(), s.width()));
      NDList y = new NDList(sub.create(p.labels()));
      if (p.turns() != null) {
        y.add(sub.create(p.turns()));
      }
      return new Batch(
          sub,
          new NDList(x),
          y,
          p.size(),
          Batchifier.STACK,
          Batchifier.STACK,
          taken,
          batches,
          List.of());
    }
  }

  /**
   * The batches of epoch {@code epoch} as sample indices: {@code sampler}'s P × K batches, or else
   * a shuffle of {@code 0 … n−1} seeded by the run's {@code seed} and the epoch, cut into whole
   * batches of {@code batchSize}. The same for images and for cached features ({@code
   * pretrained.FeatureBatches}), so both give the same batches for the same seed.
   */
  public static int[][] epochPlan(int n, int batchSize, PkSampler sampler, long seed, int epoch) {
    return sampler != null
        ? sampler.epoch(epoch)
        : shuffledBatches(n, batchSize, new Random(epochSeed(seed, epoch)));
  }

  /**
   * The seed of epoch {@code epoch}'s shuffle; batch {@code b} augments with {@link #batchSeed}.
   */
  public static long epochSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  /** The seed of the random numbers that augment batch {@code b} of an epoch. */
  public static long batchSeed(long epochSeed, int b) {
    return epochSeed * 7919 + b;
  }

  private static int[][] shuffledBatches(int n, int batchSize, Random rnd) {
    int[] order = shuffled(n, rnd);
    int[][] plan = new int[n / batchSize][];
    for (int b = 0; b < plan.length; b++) {
      plan[b] = Arrays.copyOfRange(order, b * batchSize, (b + 1) * batchSize);
    }
    return plan;
  }

  /** 0 … n−1 in a seeded random order. */
  static int[] shuffled(int n, Random rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return shuffled(a, rnd);
  }

  /** A shuffled copy of {@code a} (Fisher–Yates with {@code rnd}). */
  static int[] shuffled(int[] a, Random rnd) {
    int[] s = a.clone();
    for (int i = s.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
    return s;
  }
}
