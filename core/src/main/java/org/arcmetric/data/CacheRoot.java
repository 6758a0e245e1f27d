package org.arcmetric.data;

import java.nio.file.Path;

/**
 * Where arcmetric keeps files it can make again ({@link DecodedCache}, {@code
 * pretrained.FeatureCache}): {@code $ARCMETRIC_CACHE}, else {@code ~/.cache/arcmetric}. Stateless.
 */
public final class CacheRoot {
  private CacheRoot() {}

  /** The folder {@code name} below the cache root (not created). */
  public static Path dir(String name) {
    String env = System.getenv("ARCMETRIC_CACHE");
    Path root =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "arcmetric");
    return root.resolve(name);
  }
}
