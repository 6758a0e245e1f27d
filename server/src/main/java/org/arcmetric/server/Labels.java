package org.arcmetric.server;

import java.util.Collection;

/**
 * Class labels accepted over the network: the core's one rule ({@link
 * org.arcmetric.gallery.Labels}), refused as a 400 {@code bad_label} with the reason.
 */
final class Labels {
  private Labels() {}

  /** {@code label} as it is stored (NFC), or a 400 saying what is wrong with it. */
  static String validate(String label) {
    String why = org.arcmetric.gallery.Labels.problem(label);
    if (why != null) {
      throw new ApiException(400, "bad_label", "the label cannot be used: " + why);
    }
    return org.arcmetric.gallery.Labels.nfc(label);
  }

  /** A 400 when {@code label} would be a new class that reads like one of {@code existing}. */
  static void requireDistinct(String label, Collection<String> existing) {
    String why = org.arcmetric.gallery.Labels.confusion(label, existing);
    if (why != null) {
      throw new ApiException(400, "bad_label", "the label cannot be used: " + why);
    }
  }
}
