package org.arcmetric.options;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An option (a builder field, a loss option, an argument) with a value that cannot be used. The
 * message is a template that names the options it is about as {@code {field}} placeholders, e.g.
 * {@code "{epochs} must be at least 1, got 0"}: {@link #getMessage} writes them as the core's field
 * names ({@code epochs}), for Java callers; a front end writes them in its own terms with {@link
 * #render} — the CLI as its flags ({@code --epochs}), the server as its request fields. So core
 * code never names a command-line flag, and each front end maps fields to what its users type.
 * Immutable.
 */
public class InvalidOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z][A-Za-z0-9.]*)\\}");

  private final String template;

  /**
   * @param template the message, with each option it names written as {@code {field}}
   */
  public InvalidOptionException(String template) {
    this(template, null);
  }

  public InvalidOptionException(String template, Throwable cause) {
    super(render(template, UnaryOperator.identity()), cause);
    this.template = template;
  }

  /** Throws an {@link InvalidOptionException} with {@code template} unless {@code ok}. */
  public static void require(boolean ok, String template) {
    if (!ok) {
      throw new InvalidOptionException(template);
    }
  }

  /** The message with its {@code {field}} placeholders still in it. */
  public String template() {
    return template;
  }

  /** The message with each field written as {@code names} says (e.g. a CLI flag). */
  public String render(UnaryOperator<String> names) {
    return render(template, names);
  }

  /** {@code template} with each {@code {field}} replaced by {@code names.apply(field)}. */
  public static String render(String template, UnaryOperator<String> names) {
    Matcher m = FIELD.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(names.apply(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
