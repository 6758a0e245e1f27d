package org.arcmetric.gallery;

/**
 * Remembers why the stored calibration no longer fits the last commit ({@link
 * Calibration#staleFor}), per (snapshot, calibration) pair, so a server can ask on every request
 * without scanning the gallery. Thread-safe: one immutable answer is swapped atomically; two
 * threads may both compute it once, with the same result.
 */
final class StalenessCache {
  private record Answer(ExactIndex snapshot, Calibration calibration, String why) {}

  private volatile Answer last = new Answer(null, null, null);

  /** Why {@code c} is stale for {@code s}, or null when it fits or there is no calibration. */
  String staleness(ExactIndex s, Calibration c) {
    Answer cached = last;
    if (cached.snapshot() == s && cached.calibration() == c) {
      return cached.why();
    }
    String why = c == null ? null : c.staleFor(s.size(), s.labelCounts().size());
    last = new Answer(s, c, why);
    return why;
  }
}
