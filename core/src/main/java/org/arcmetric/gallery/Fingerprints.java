package org.arcmetric.gallery;

/**
 * Shows model fingerprints ({@code sha256:HEX}, perhaps with a {@code #features} suffix) short
 * enough to read in a message, and never two different ones as the same text: when they share their
 * first {@value #SHOWN} characters, the part where they first differ is shown too.
 *
 * <p>Thread-safe: stateless.
 */
public final class Fingerprints {
  /** Characters shown from the start: {@code sha256:} and 12 hex digits. */
  public static final int SHOWN = 19;

  private static final int AROUND = 8;

  private Fingerprints() {}

  /** {@code fingerprint} abbreviated so that it reads differently from {@code other}. */
  public static String shown(String fingerprint, String other) {
    if (fingerprint.length() <= SHOWN || fingerprint.equals(other)) {
      return fingerprint.length() <= SHOWN ? fingerprint : fingerprint.substring(0, SHOWN) + "…";
    }
    String head = fingerprint.substring(0, SHOWN) + "…";
    int differ = firstDifference(fingerprint, other);
    if (differ < SHOWN) {
      return head;
    }
    if (differ >= fingerprint.length()) {
      // the other one goes on where this one ends
      return head + fingerprint.substring(Math.max(SHOWN, differ - AROUND)) + " (ends there)";
    }
    int from = Math.max(SHOWN, differ - AROUND / 2);
    int to = Math.min(fingerprint.length(), differ + AROUND);
    return head + fingerprint.substring(from, to) + (to < fingerprint.length() ? "…" : "");
  }

  /**
   * Index of the first character where the two differ (the shorter's length if one is a prefix).
   */
  static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }
}
