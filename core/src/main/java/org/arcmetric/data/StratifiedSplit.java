package org.arcmetric.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded, stratified splits of an {@link ImageSet}: each class is shuffled with its own stream of
 * the seed and cut at the same fraction, so class proportions are kept and the same seed always
 * gives the same split.
 */
public final class StratifiedSplit {
  private StratifiedSplit() {}

  /** Two disjoint parts: {@code first} holds the rest, {@code second} about {@code fraction}. */
  public record Parts(ImageSet first, ImageSet second) {}

  /**
   * Holds out {@code fraction} of each class (rounded, at least one image of a class with two or
   * more images, never all of them). A fraction of 0 gives an empty second part.
   */
  public static Parts split(ImageSet images, double fraction, long seed) {
    if (fraction < 0 || fraction >= 1) {
      throw new IllegalArgumentException(
          "the validation fraction must be in [0, 1), got " + fraction);
    }
    List<Integer> keep = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byClass(images).entrySet()) {
      List<Integer> idx = e.getValue();
      Collections.shuffle(idx, new Random(seed * 31 + e.getKey().hashCode()));
      int n = fraction == 0 ? 0 : (int) Math.round(idx.size() * fraction);
      if (fraction > 0 && n == 0 && idx.size() >= 2) {
        n = 1;
      }
      n = Math.min(n, idx.size() - 1);
      held.addAll(idx.subList(0, Math.max(0, n)));
      keep.addAll(idx.subList(Math.max(0, n), idx.size()));
    }
    Collections.sort(keep);
    Collections.sort(held);
    return new Parts(images.subset(toArray(keep)), images.subset(toArray(held)));
  }

  /**
   * The first {@code k} images of each class after a seeded shuffle (fewer if a class is small).
   */
  public static Parts takePerClass(ImageSet images, int k, long seed) {
    List<Integer> taken = new ArrayList<>();
    List<Integer> rest = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byClass(images).entrySet()) {
      List<Integer> idx = e.getValue();
      Collections.shuffle(idx, new Random(seed * 31 + e.getKey().hashCode()));
      int n = Math.min(k, idx.size());
      taken.addAll(idx.subList(0, n));
      rest.addAll(idx.subList(n, idx.size()));
    }
    Collections.sort(taken);
    Collections.sort(rest);
    return new Parts(images.subset(toArray(taken)), images.subset(toArray(rest)));
  }

  private static Map<String, List<Integer>> byClass(ImageSet images) {
    Map<String, List<Integer>> by = new LinkedHashMap<>();
    for (String c : images.classes()) {
      by.put(c, new ArrayList<>());
    }
    for (int i = 0; i < images.size(); i++) {
      by.get(images.label(i)).add(i);
    }
    return by;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
