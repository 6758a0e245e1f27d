package org.arcmetric.options;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parses what a user typed into one of an enum's constants by each constant's user-facing name
 * (trimmed, case-insensitive), refusing anything else with the valid names. The one implementation
 * of the {@code parse} idiom each option enum needs. Stateless.
 */
public final class Choices {
  private Choices() {}

  /**
   * The constant of {@code type} whose {@code name} is {@code text}.
   *
   * @param field the option, named in the message as {@code {field}}
   * @throws InvalidOptionException for null or an unknown name, listing the valid names
   */
  public static <E extends Enum<E>> E parse(
      Class<E> type, String text, Function<E, String> name, String field) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (name.apply(e).equals(t)) {
        return e;
      }
    }
    throw new InvalidOptionException(
        "unknown {"
            + field
            + "} '"
            + text
            + "': choose "
            + inWords(Arrays.stream(type.getEnumConstants()).map(name).toList()));
  }

  /**
   * As {@link #parse(Class, String, Function, String)}, the name being the constant's in kebab
   * case.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
    return parse(type, text, Choices::kebab, field);
  }

  /** {@code [a, b, c]} → {@code "a, b or c"}. */
  public static String inWords(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  /** {@code ADAM_W} → {@code adam-w}. */
  public static String kebab(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
