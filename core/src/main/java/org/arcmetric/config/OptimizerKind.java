package org.arcmetric.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.arcmetric.options.Choices;

/** The optimisers offered; written in {@code model.json} by their command-line names. */
public enum OptimizerKind {
  ADAM,
  ADAMW,
  SGD;

  /**
   * The optimiser called {@code s} ({@code adam}, {@code adamw}, {@code sgd}).
   *
   * @throws org.arcmetric.options.InvalidOptionException naming {@code optimizer} otherwise
   */
  @JsonCreator
  public static OptimizerKind parse(String s) {
    return Choices.parse(OptimizerKind.class, s, "optimizer");
  }

  /** As written on the command line and in {@code model.json}: {@code adam}. */
  @JsonValue
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
