package org.arcmetric.cli;

/** "1 class", "3 classes": a count with its noun, for the lines users read. */
final class Counted {
  private Counted() {}

  static String of(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  static String images(long n) {
    return of(n, "image", "images");
  }

  static String classes(long n) {
    return of(n, "class", "classes");
  }

  static String entries(long n) {
    return of(n, "entry", "entries");
  }
}
