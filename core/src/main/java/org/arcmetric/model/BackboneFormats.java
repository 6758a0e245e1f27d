package org.arcmetric.model;

import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link BackboneFormat}s on the class path, by name. Thread-safe. */
public final class BackboneFormats {
  private BackboneFormats() {}

  /** The format called {@code name}, if a module on the class path serves it. */
  public static Optional<BackboneFormat> forName(String name) {
    for (BackboneFormat f : ServiceLoader.load(BackboneFormat.class)) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
