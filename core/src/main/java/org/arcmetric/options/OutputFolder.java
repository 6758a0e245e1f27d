package org.arcmetric.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks a folder a command is about to write into, before anything is written: never a file
 * system's root, never a folder of someone else's files.
 *
 * <p>Thread-safe: stateless.
 */
public final class OutputFolder {
  private OutputFolder() {}

  /**
   * Refuses the root of a file system ({@code /}, {@code C:\}) as {@code field}: a command would
   * scatter its files among the system's.
   *
   * @throws InvalidOptionException naming the field
   */
  public static void requireNotRoot(Path dir, String field) {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw new InvalidOptionException(
          "{" + field + "} " + dir + " is the root of a file system; give a folder of its own");
    }
  }

  /** Whether {@code dir} is missing or an empty folder. */
  public static boolean isNewOrEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return !Files.exists(dir);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /**
   * Refuses a root, and a folder that already holds files when {@code own} is false ({@code own}:
   * the folder is one of the command's own outputs, which it may add to or replace).
   *
   * @param what what the command writes there, for the message ("a model")
   * @throws InvalidOptionException naming the field
   */
  public static void requireNewOrOwn(Path dir, String field, boolean own, String what)
      throws IOException {
    requireNotRoot(dir, field);
    if (!own && !isNewOrEmpty(dir)) {
      throw new InvalidOptionException(
          "{"
              + field
              + "} "
              + dir
              + " already holds other files; give a new or empty folder for "
              + what);
    }
  }
}
