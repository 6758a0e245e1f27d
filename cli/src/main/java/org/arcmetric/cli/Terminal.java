package org.arcmetric.cli;

import java.io.PrintStream;

/** Where progress goes: stderr, redrawn in place only on a terminal. */
final class Terminal {
  private Terminal() {}

  static PrintStream stderr() {
    return System.err;
  }

  /**
   * Whether stderr is a terminal (so progress may be redrawn in place): on Linux, where file
   * descriptor 2 points; elsewhere, whether the JVM has a console.
   */
  static boolean isTerminal() {
    try {
      java.nio.file.Path fd2 = java.nio.file.Path.of("/proc/self/fd/2");
      if (java.nio.file.Files.isSymbolicLink(fd2)) {
        String target = java.nio.file.Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: fall back below
    }
    return System.console() != null;
  }
}
