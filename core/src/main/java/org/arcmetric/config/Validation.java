package org.arcmetric.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a run holds out to measure itself each epoch, and how. Immutable.
 *
 * @param valFraction stratified fraction of each training class's images kept for validation
 * @param valClasses classes kept out of training and enrolled with {@code valShots} images (chosen
 *     by the seed)
 * @param valClassNames the held-out classes by name (instead of {@code valClasses}); empty for none
 * @param valShots images per held-out class enrolled
 * @param k neighbours voting in validation's k-NN
 * @param keepBest ship the epoch that placed the held-out classes best, not the last
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Validation(
    double valFraction,
    int valClasses,
    List<String> valClassNames,
    int valShots,
    int k,
    boolean keepBest) {
  public Validation {
    valClassNames = valClassNames == null ? List.of() : List.copyOf(valClassNames);
  }

  /** Whether classes are held out (by number or by name). */
  public boolean holdsOutClasses() {
    return valClasses > 0 || !valClassNames.isEmpty();
  }
}
