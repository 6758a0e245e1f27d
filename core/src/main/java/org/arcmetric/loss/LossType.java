package org.arcmetric.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One registered loss: its name (as users type it and as {@code model.json} stores it), its config
 * record, the options it takes with their defaults, and the factory that builds the record from
 * given options. Registered in {@link LossRegistry}. Immutable.
 *
 * @param name the loss name, e.g. {@code arcface}
 * @param type the {@link LossConfig} record
 * @param defaults option field name → default value, in the order users see them
 * @param factory builds the record; reads options only through {@link LossOptions}
 */
public record LossType(
    String name,
    Class<? extends LossConfig> type,
    Map<String, Object> defaults,
    Function<LossOptions, LossConfig> factory) {

  public LossType {
    defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
  }

  /** {@code name} with options given as alternating field names and defaults. */
  static LossType of(
      String name,
      Class<? extends LossConfig> type,
      Function<LossOptions, LossConfig> factory,
      Object... optionsAndDefaults) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i < optionsAndDefaults.length; i += 2) {
      d.put((String) optionsAndDefaults[i], optionsAndDefaults[i + 1]);
    }
    return new LossType(name, type, d, factory);
  }
}
