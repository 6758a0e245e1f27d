package org.arcmetric.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * P × K batches for pair losses: each batch holds K images of each of P different classes, so every
 * anchor has positives and negatives in its batch.
 *
 * <p>An epoch has {@code max(1, n / (P·K))} batches. For each batch, P classes are drawn without
 * replacement (weighted equally, not by size); each class hands out its images in a shuffled cycle,
 * reshuffled when used up. A class with fewer than K images repeats images within the batch
 * (sampling with replacement). With fewer than P classes, P is the number of classes. Repeatable:
 * epoch e uses {@code Random(seed·1_000_003 + e)}.
 *
 * <p>Implements DJL's {@link Sampler} for any {@link RandomAccessDataset} whose index i has label
 * {@code labels[i]}; {@link BatchDataset} uses {@link #epoch} directly. Not thread-safe.
 */
public final class PkSampler implements Sampler {
  private final int[] labels;
  private final int[][] byClass;
  private final int p;
  private final int k;
  private final long seed;
  private int epochCounter;

  /**
   * @param labels class index of each sample, 0..C−1
   * @param p classes per batch
   * @param k images per class in a batch
   */
  public PkSampler(int[] labels, int p, int k, long seed) {
    if (p < 2 || k < 2) {
      throw new IllegalArgumentException(
          "a P×K batch needs P ≥ 2 classes and K ≥ 2 images per class to form pairs, got P="
              + p
              + ", K="
              + k);
    }
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    List<List<Integer>> lists = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      lists.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      lists.get(labels[i]).add(i);
    }
    lists.removeIf(List::isEmpty);
    if (lists.size() < 2) {
      throw new IllegalArgumentException("P×K sampling needs at least 2 classes with images");
    }
    this.byClass =
        lists.stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    this.labels = labels.clone();
    this.p = Math.min(p, byClass.length);
    this.k = k;
    this.seed = seed;
  }

  @Override
  public int getBatchSize() {
    return p * k;
  }

  /** Batches in one epoch. */
  public int batchesPerEpoch() {
    return Math.max(1, labels.length / (p * k));
  }

  /** The batches of epoch {@code e}: sample indices, {@code [batches][P·K]}. */
  public int[][] epoch(int e) {
    Random rnd = new Random(seed * 1_000_003L + e);
    int[][] cycles = new int[byClass.length][];
    int[] next = new int[byClass.length];
    for (int c = 0; c < byClass.length; c++) {
      cycles[c] = BatchDataset.shuffled(byClass[c], rnd);
    }
    int[][] batches = new int[batchesPerEpoch()][p * k];
    int[] classOrder = new int[byClass.length];
    for (int i = 0; i < classOrder.length; i++) {
      classOrder[i] = i;
    }
    for (int[] batch : batches) {
      // partial Fisher-Yates: the first p entries are p distinct random classes
      for (int i = 0; i < p; i++) {
        int j = i + rnd.nextInt(classOrder.length - i);
        int t = classOrder[i];
        classOrder[i] = classOrder[j];
        classOrder[j] = t;
      }
      for (int i = 0; i < p; i++) {
        int c = classOrder[i];
        for (int j = 0; j < k; j++) {
          if (next[c] == cycles[c].length) {
            cycles[c] = BatchDataset.shuffled(byClass[c], rnd);
            next[c] = 0;
          }
          batch[i * k + j] = cycles[c][next[c]++];
        }
      }
    }
    return batches;
  }

  @Override
  public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
    if (dataset != null && dataset.size() != labels.length) {
      throw new IllegalArgumentException(
          "the dataset has "
              + dataset.size()
              + " samples but the sampler "
              + labels.length
              + " labels");
    }
    int[][] batches = epoch(epochCounter++);
    return Arrays.stream(batches)
        .map(b -> Arrays.stream(b).mapToLong(i -> i).boxed().toList())
        .iterator();
  }
}
