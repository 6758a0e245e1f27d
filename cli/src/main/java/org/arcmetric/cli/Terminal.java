package org.arcmetric.cli;

import java.io.PrintStream;

/** Where progress goes: stderr, redrawn in place only on a terminal. */
final class Terminal {
  private Terminal() {}

  static PrintStream stderr() {
    return System.err;
  }

  static boolean isTerminal() {
    return System.console() != null;
  }
}
