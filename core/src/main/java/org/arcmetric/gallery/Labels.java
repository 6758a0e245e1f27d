package org.arcmetric.gallery;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * The one rule for class labels, wherever they come from (a folder name, {@code --label}, an HTTP
 * path, a rename): 1 to {@value #MAX_LENGTH} characters; no control or invisible formatting
 * characters (tabs and newlines would break tab-separated output; bidirectional overrides would
 * make one label look like another); no leading or trailing white space; no {@code .} or {@code ..}
 * path segment, so a label cannot walk out of a folder; and not {@value #RESERVED} in any case,
 * which is what a prediction prints when it does not know. Anything else is allowed — {@code
 * T-shirt/top}, {@code <b>} — and is escaped where it is printed ({@link #forTsv}; the web page and
 * the HTML report escape as HTML).
 *
 * <p>Labels are stored in Unicode normal form C ({@link #nfc}), so "café" typed with a combining
 * accent and with a precomposed é is one class. A label needs at least one visible character (not a
 * space of any kind, a combining mark alone, a Hangul filler or the blank Braille pattern), holds
 * no line or paragraph separator, and is not {@value #RESERVED} once Unicode spaces are trimmed. A
 * new class whose {@link #skeleton} equals an existing class's (case, compatibility forms and the
 * Cyrillic and Greek letters that look Latin) is refused by {@link #requireDistinct}: "аpple" with
 * a Cyrillic а beside "apple" is almost always a mistake, or a trick. Stateless.
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
    return nfc(label);
  }

  /** {@code label} in Unicode normal form C (null stays null): how labels are stored. */
  public static String nfc(String label) {
    return label == null ? null : Normalizer.normalize(label, Normalizer.Form.NFC);
  }

  /** What is wrong with {@code label} (judged in NFC), or null when it follows the rule. */
  public static String problem(String label) {
    if (label == null || label.isEmpty()) {
      return "a label needs at least one character";
    }
    label = nfc(label);
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
    for (int i = 0; i < label.length(); i++) {
      int type = Character.getType(label.charAt(i));
      if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        return String.format(
            "it holds the line or paragraph separator U+%04X", (int) label.charAt(i));
      }
    }
    if (isSpace(label.codePointAt(0)) || isSpace(label.codePointBefore(label.length()))) {
      return "it starts or ends with white space (no-break spaces included)";
    }
    if (label.codePoints().noneMatch(Labels::isVisible)) {
      return "it has no visible character";
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

  /** A space of any kind: white space, no-break and other Unicode space separators. */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /**
   * Whether a code point prints as something: not a space, a combining mark, a format character, a
   * Hangul filler (U+115F, U+1160, U+3164, U+FFA0) or the blank Braille pattern U+2800.
   */
  static boolean isVisible(int cp) {
    if (isSpace(cp) || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0) {
      return false;
    }
    if (cp == 0x2800) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.NON_SPACING_MARK
        && type != Character.ENCLOSING_MARK
        && type != Character.COMBINING_SPACING_MARK
        && type != Character.FORMAT
        && type != Character.CONTROL
        && type != Character.UNASSIGNED;
  }

  /**
   * Cyrillic and Greek letters drawn like Latin ones in common fonts (after lower-casing), each
   * mapped to the Latin letter it looks like: a small subset of Unicode's confusables (UTS #39).
   */
  private static final String LOOKALIKES_FROM = "асеһіјӏорѕԁуху" + "αεικνορτυχ";

  private static final String LOOKALIKES_TO = "acehijlopsdyxy" + "aeikvoptux";

  /**
   * What a label looks like, for telling apart labels a reader could take for one another: NFKC
   * (compatibility forms such as full-width letters folded), lower case, look-alike Cyrillic and
   * Greek letters as Latin, and runs of spaces as one space. Accents stay: "café" and "cafe" are
   * two words.
   */
  public static String skeleton(String label) {
    String s = Normalizer.normalize(label, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (!space) {
          out.append(' ');
        }
        space = true;
        continue;
      }
      space = false;
      int k = LOOKALIKES_FROM.indexOf(c);
      out.append(k >= 0 ? LOOKALIKES_TO.charAt(k) : c);
    }
    return out.toString().strip();
  }

  /**
   * Refuses {@code label} as a new class beside {@code existing} when it reads like one of them but
   * is not it ({@link #confusion}).
   *
   * @throws InvalidOptionException naming both labels and where they differ
   */
  public static void requireDistinct(String label, Collection<String> existing) {
    String why = confusion(label, existing);
    if (why != null) {
      throw new InvalidOptionException(
          "{label} '" + forTsv(nfc(label)) + "' cannot be used: " + why);
    }
  }

  /**
   * Why {@code label} cannot be a new class beside {@code existing}: it has the {@link #skeleton}
   * of one of them but other characters; null when it reads differently from all, or is one of
   * them.
   */
  public static String confusion(String label, Collection<String> existing) {
    String l = nfc(label);
    if (existing.contains(l)) {
      return null;
    }
    String skeleton = skeleton(l);
    for (String other : existing) {
      if (skeleton(other).equals(skeleton)) {
        return "it looks like the class '"
            + forTsv(other)
            + "'"
            + difference(l, other)
            + "; use that name, or choose one that reads differently";
      }
    }
    return null;
  }

  /** Where two labels first differ, as code points: " (U+0430 where it has U+0061)". */
  private static String difference(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return String.format(
            " (character %d is U+%04X %s where it has U+%04X %s)",
            i + 1, x[i], Character.getName(x[i]), y[i], Character.getName(y[i]));
      }
    }
    return " (they differ in length)";
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
