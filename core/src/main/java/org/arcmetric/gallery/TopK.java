package org.arcmetric.gallery;

import java.util.Arrays;
import java.util.Random;

/**
 * Selects the indices of the {@code k} largest scores, best first, in O(n + k log k): a quickselect
 * finds the k-th largest value, the entries at or above it are gathered and only those are sorted.
 * Ties are broken by the lower index, as {@link ExactIndex#search} does. Stateless and thread-safe.
 */
public final class TopK {
  private TopK() {}

  /**
   * @param scores one score per candidate (not modified)
   * @param k how many to keep; more than {@code scores.length} keeps all
   * @param exclude an index to leave out (the query itself in leave-one-out), or -1
   * @return indices, highest score first
   */
  public static int[] select(float[] scores, int k, int exclude) {
    int n = scores.length;
    int available = exclude >= 0 && exclude < n ? n - 1 : n;
    k = Math.min(k, available);
    if (k <= 0) {
      return new int[0];
    }
    float[] copy = new float[available];
    for (int i = 0, j = 0; i < n; i++) {
      if (i != exclude) {
        copy[j++] = scores[i];
      }
    }
    float kth = kthLargest(copy, k);
    Integer[] picked = new Integer[k];
    int m = 0;
    for (int i = 0; i < n && m < k; i++) {
      if (i != exclude && scores[i] > kth) {
        picked[m++] = i;
      }
    }
    for (int i = 0; i < n && m < k; i++) {
      if (i != exclude && scores[i] == kth) {
        picked[m++] = i;
      }
    }
    Arrays.sort(
        picked, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = picked[i];
    }
    return out;
  }

  /** The k-th largest value (1-based) of {@code a}, which is reordered. */
  static float kthLargest(float[] a, int k) {
    int target = a.length - k; // index in ascending order
    int lo = 0;
    int hi = a.length - 1;
    Random random = new Random(a.length);
    while (lo < hi) {
      float pivot = a[lo + random.nextInt(hi - lo + 1)];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return a[target];
      }
    }
    return a[target];
  }
}
