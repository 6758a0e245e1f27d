package org.arcmetric.server;

import java.util.regex.Pattern;

/**
 * Class labels accepted over the network: 1 to 100 characters of letters, digits, spaces and {@code
 * _ - . ( ) + ,}, not starting with a dot or a space, so a label can never name a path.
 */
final class Labels {
  private static final Pattern OK = Pattern.compile("[\\p{L}\\p{N}_\\-.()+, ]{1,100}");

  private Labels() {}

  static String validate(String label) {
    if (label == null
        || !OK.matcher(label).matches()
        || label.startsWith(".")
        || label.startsWith(" ")
        || label.endsWith(" ")) {
      throw new ApiException(
          400,
          "bad_label",
          "a label is 1 to 100 letters, digits, spaces or _ - . ( ) + , and does not start with a"
              + " dot or a space");
    }
    return label;
  }
}
