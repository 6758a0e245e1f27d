package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Face-verification style evaluation (insightface's LFW protocol without a fixed pair list): pairs
 * of images are scored by the cosine similarity of their embeddings, "same class" is the positive,
 * and the {@link Roc} gives AUC, EER and TAR at fixed FARs with the threshold for each.
 *
 * <p>With n images there are n(n−1)/2 pairs; up to {@code maxPairs} of each kind are used: all of
 * them when there are few, otherwise a seeded random draw of distinct pairs (positives drawn within
 * a class, negatives across classes), so the rates are estimates whose resolution is 1/pairs.
 *
 * @param roc the curve over the pairs
 * @param sameScores cosine of each positive pair
 * @param differentScores cosine of each negative pair
 */
public record Verification(Roc roc, float[] sameScores, float[] differentScores) {

  /** Pairs of each kind used by default. */
  public static final int DEFAULT_MAX_PAIRS = 50_000;

  public static Verification of(
      float[][] embeddings, List<String> labels, int maxPairs, long seed) {
    if (embeddings.length != labels.size()) {
      throw new IllegalArgumentException("one label per embedding is needed");
    }
    int n = embeddings.length;
    Map<String, List<Integer>> byClass = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byClass.computeIfAbsent(labels.get(i), l -> new ArrayList<>()).add(i);
    }
    long samePairs = 0;
    for (List<Integer> members : byClass.values()) {
      samePairs += (long) members.size() * (members.size() - 1) / 2;
    }
    long allPairs = (long) n * (n - 1) / 2;
    long differentPairs = allPairs - samePairs;
    if (samePairs == 0 || differentPairs == 0) {
      throw new IllegalArgumentException(
          "verification needs two images of one class and two classes; got "
              + n
              + " images of "
              + byClass.size()
              + " classes");
    }
    Random random = new Random(seed);
    List<long[]> same = new ArrayList<>();
    List<long[]> different = new ArrayList<>();
    if (allPairs <= 2L * maxPairs) {
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          (labels.get(i).equals(labels.get(j)) ? same : different).add(new long[] {i, j});
        }
      }
    }
    if (same.size() > maxPairs || same.isEmpty()) {
      same = draw(byClass, labels, random, Math.min(maxPairs, samePairs), true);
    }
    if (different.size() > maxPairs || different.isEmpty()) {
      different = draw(byClass, labels, random, Math.min(maxPairs, differentPairs), false);
    }
    float[] s = cosines(embeddings, same);
    float[] d = cosines(embeddings, different);
    float[] scores = new float[s.length + d.length];
    boolean[] positive = new boolean[scores.length];
    System.arraycopy(s, 0, scores, 0, s.length);
    System.arraycopy(d, 0, scores, s.length, d.length);
    Arrays.fill(positive, 0, s.length, true);
    return new Verification(Roc.of(scores, positive), s, d);
  }

  private static List<long[]> draw(
      Map<String, List<Integer>> byClass,
      List<String> labels,
      Random random,
      long count,
      boolean sameClass) {
    int n = labels.size();
    Set<Long> seen = new HashSet<>();
    List<long[]> out = new ArrayList<>();
    List<List<Integer>> pairable = byClass.values().stream().filter(m -> m.size() > 1).toList();
    while (out.size() < count) {
      int i;
      int j;
      if (sameClass) {
        List<Integer> members = pairable.get(random.nextInt(pairable.size()));
        i = members.get(random.nextInt(members.size()));
        j = members.get(random.nextInt(members.size()));
      } else {
        i = random.nextInt(n);
        j = random.nextInt(n);
        if (labels.get(i).equals(labels.get(j))) {
          continue;
        }
      }
      if (i == j) {
        continue;
      }
      long key = (long) Math.min(i, j) * n + Math.max(i, j);
      if (seen.add(key)) {
        out.add(new long[] {Math.min(i, j), Math.max(i, j)});
      }
    }
    return out;
  }

  private static float[] cosines(float[][] e, List<long[]> pairs) {
    float[] out = new float[pairs.size()];
    for (int p = 0; p < out.length; p++) {
      float[] a = e[(int) pairs.get(p)[0]];
      float[] b = e[(int) pairs.get(p)[1]];
      float s = 0;
      for (int j = 0; j < a.length; j++) {
        s += a[j] * b[j];
      }
      out[p] = s;
    }
    return out;
  }
}
