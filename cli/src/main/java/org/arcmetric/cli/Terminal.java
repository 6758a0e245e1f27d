package org.arcmetric.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where progress goes: stderr, redrawn in place only on a terminal. */
public final class Terminal {
  private Terminal() {}

  public static PrintStream stderr() {
    return System.err;
  }

  /**
   * Whether stderr is a terminal (so progress may be redrawn in place): on Linux, where file
   * descriptor 2 points; elsewhere, whether the JVM has a console.
   */
  public static boolean isTerminal() {
    try {
      Path fd2 = Path.of("/proc/self/fd/2");
      if (Files.isSymbolicLink(fd2)) {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back below
    }
    return System.console() != null;
  }
}
