package org.arcmetric.loss;

import java.util.Locale;
import java.util.Map;
import org.arcmetric.options.InvalidOptionException;

/**
 * The options given for one loss, each falling back to the default its {@link LossType} declares:
 * what a loss's factory reads. Keys are the loss options' field names ({@code margin}, {@code
 * easyMargin}, ...). Immutable.
 */
public final class LossOptions {
  private final Map<String, Object> given;
  private final Map<String, Object> defaults;

  LossOptions(Map<String, Object> given, Map<String, Object> defaults) {
    this.given = given;
    this.defaults = defaults;
  }

  private Object value(String key) {
    if (!defaults.containsKey(key)) {
      throw new IllegalStateException("option " + key + " is not declared by the loss");
    }
    Object v = given.get(key);
    return v != null ? v : defaults.get(key);
  }

  public float number(String key) {
    Object v = value(key);
    if (!(v instanceof Number n)) {
      throw new InvalidOptionException("{" + key + "} must be a number, got '" + v + "'");
    }
    return n.floatValue();
  }

  /** A whole number; refuses a fraction. */
  public int integer(String key) {
    float f = number(key);
    if (f != Math.rint(f)) {
      throw new InvalidOptionException(
          "{" + key + "} must be an integer here (e.g. " + defaults.get(key) + "), got " + f);
    }
    return (int) f;
  }

  public boolean flag(String key) {
    return Boolean.TRUE.equals(value(key));
  }

  /** Text, trimmed and in lower case. */
  public String text(String key) {
    return value(key).toString().trim().toLowerCase(Locale.ROOT);
  }
}
