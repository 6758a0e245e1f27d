package org.arcmetric.server;

/**
 * Class labels accepted over the network: the core's one rule ({@link
 * org.arcmetric.gallery.Labels}), refused as a 400 {@code bad_label} with the reason.
 */
final class Labels {
  private Labels() {}

  static String validate(String label) {
    String why = org.arcmetric.gallery.Labels.problem(label);
    if (why != null) {
      throw new ApiException(400, "bad_label", "the label cannot be used: " + why);
    }
    return label;
  }
}
