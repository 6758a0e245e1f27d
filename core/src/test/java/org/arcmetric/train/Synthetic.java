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
   * Stripes as {@link #stripes} but each line across them shifted by its own random phase: the
   * class is still the period and direction, but raw pixels of one class no longer correlate (a
   * network learns them; the raw-pixel baseline does poorly).
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
        // every line across the stripes has its own offset
        int[] shift = new int[size];
        for (int j = 0; j < size; j++) {
          shift[j] = r.nextInt(2 * period);
        }
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            int phase = vertical ? x + shift[y] : y + shift[x];
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

  /**
   * Small bright glyphs (class c: one of six 5×5 patterns) at a random place on a noisy dark
   * background: a network with global pooling learns them in a few epochs, while raw pixels of one
   * class correlate only when two glyphs happen to sit at the same place.
   */
  public static ImageSet glyphs(int classes, int perClass, int size, long seed) {
    String[][] patterns = {
      {"#####", "#####", "#####", "#####", "#####"},
      {"#####", "#...#", "#...#", "#...#", "#####"},
      {"..#..", "..#..", "#####", "..#..", "..#.."},
      {"#...#", ".#.#.", "..#..", ".#.#.", "#...#"},
      {"#####", ".....", "#####", ".....", "#####"},
      {"#.#.#", "#.#.#", "#.#.#", "#.#.#", "#.#.#"}
    };
    InputShape s = InputShape.square(1, size);
    Random r = new Random(seed);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> px = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      String[] p = patterns[c % patterns.length];
      for (int i = 0; i < perClass; i++) {
        byte[] img = new byte[s.values()];
        for (int j = 0; j < img.length; j++) {
          img[j] = (byte) r.nextInt(50);
        }
        int ox = r.nextInt(size - 5);
        int oy = r.nextInt(size - 5);
        for (int y = 0; y < 5; y++) {
          for (int x = 0; x < 5; x++) {
            if (p[y].charAt(x) == '#') {
              img[(oy + y) * size + ox + x] = (byte) (200 + r.nextInt(56));
            }
          }
        }
        labels.add("glyph" + c);
        sources.add("glyphs#" + c + "-" + i);
        px.add(img);
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
