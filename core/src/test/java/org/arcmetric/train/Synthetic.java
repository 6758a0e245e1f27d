package org.arcmetric.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;

/**
 * Tiny labelled images that a network can tell apart in one epoch: stripes of class-specific period
 * and direction.
 */
public final class Synthetic {
  private Synthetic() {}

  /**
   * Stripes as {@link #stripes} but each image shifted by a random phase: the class is still the
   * period and direction, but raw pixels of one class no longer correlate (a network with global
   * pooling learns them; the raw-pixel baseline does poorly).
   */
  public static ImageSet shiftedStripes(int classes, int perClass, int size, long seed) {
    InputShape s = InputShape.square(1, size);
    Random r = new Random(seed);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> px = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        byte[] p = new byte[s.values()];
        int period = 2 + c % 3;
        boolean vertical = c >= 3;
        int shift = r.nextInt(2 * period);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            int phase = (vertical ? x : y) + shift;
            int v = (phase % (2 * period)) < period ? 200 : 40;
            v += r.nextInt(41) - 20;
            p[y * size + x] = (byte) Math.max(0, Math.min(255, v));
          }
        }
        labels.add("class" + c);
        sources.add("shifted#" + c + "-" + i);
        px.add(p);
      }
    }
    return new ImageSet(s, labels, sources, px);
  }

  public static ImageSet stripes(int classes, int perClass, int size, long seed) {
    InputShape s = InputShape.square(1, size);
    Random r = new Random(seed);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> px = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        byte[] p = new byte[s.values()];
        int period = 2 + c % 3;
        boolean vertical = c >= 3;
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            int phase = vertical ? x : y;
            int v = (phase % (2 * period)) < period ? 200 : 40;
            v += r.nextInt(41) - 20;
            p[y * size + x] = (byte) Math.max(0, Math.min(255, v));
          }
        }
        labels.add("class" + c);
        sources.add("synthetic#" + c + "-" + i);
        px.add(p);
      }
    }
    return new ImageSet(s, labels, sources, px);
  }
}
