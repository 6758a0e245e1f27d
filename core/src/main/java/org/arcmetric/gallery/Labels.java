package org.arcmetric.gallery;

import org.arcmetric.options.InvalidOptionException;

/**
 * The one rule for class labels, wherever they come from (a folder name, {@code --label}, an HTTP
 * path, a rename): 1 to {@value #MAX_LENGTH} characters; no control or invisible formatting
 * characters (tabs and newlines would break tab-separated output; bidirectional overrides would
 * make one label look like another); no leading or trailing white space; no {@code .} or {@code ..}
 * path segment, so a label cannot walk out of a folder; and not {@value #RESERVED} in any case,
 * which is what a prediction prints when it does not know. Anything else is allowed — {@code
 * T-shirt/top}, {@code <b>} — and is escaped where it is printed ({@link #forTsv}; the web page and
 * the HTML report escape as HTML). Stateless.
 */
public final class Labels {
  /** Longest label, in characters. */
  public static final int MAX_LENGTH = 100;

  /** The answer for "no known class": not a label. */
  public static final String RESERVED = "unknown";

  private Labels() {}

  /**
   * {@code label} if it follows the rule.
   *
   * @throws InvalidOptionException naming the field {@code label} and what is wrong
   */
  public static String validate(String label) {
    String why = problem(label);
    if (why != null) {
      throw new InvalidOptionException(
          "{label} "
              + (label == null ? "(none)" : "'" + forTsv(label) + "'")
              + " cannot be used: "
              + why);
    }
    return label;
  }

  /** What is wrong with {@code label}, or null when it follows the rule. */
  public static String problem(String label) {
    if (label == null || label.isEmpty()) {
      return "a label needs at least one character";
    }
    if (label.length() > MAX_LENGTH) {
      return "it has " + label.length() + " characters; at most " + MAX_LENGTH + " are allowed";
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return String.format(
            "it holds the control or formatting character U+%04X (tabs and newlines included)",
            (int) c);
      }
    }
    if (Character.isWhitespace(label.charAt(0))
        || Character.isWhitespace(label.charAt(label.length() - 1))) {
      return "it starts or ends with white space";
    }
    if (label.equalsIgnoreCase(RESERVED)) {
      return "'" + RESERVED + "' is what a prediction answers when no class fits";
    }
    for (String segment : label.split("[/\\\\]", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return "'.' and '..' are not allowed as parts of a label (they name folders)";
      }
    }
    if (label.startsWith("/") || label.startsWith("\\")) {
      return "a label may not start with / or \\";
    }
    return null;
  }

  /**
   * {@code text} safe for one field of tab-separated output: backslash, tab, newline and carriage
   * return written as {@code \\}, {@code \t}, {@code \n}, {@code \r}; other control characters as
   * {@code \}{@code uXXXX}. Labels that follow the rule come out unchanged unless they hold a
   * backslash.
   */
  public static String forTsv(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
