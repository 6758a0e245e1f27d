package org.arcmetric.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -v} option. Logging goes through SLF4J's simple logger to stderr, at WARN by default
 * (DJL's start-up INFO lines hidden) and INFO with {@code -v}, which also prints stack traces.
 */
public final class Verbosity {
  private static volatile boolean verbose;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log more and print stack traces of errors.")
  void setVerbose(boolean v) {
    verbose = v;
  }

  static boolean isVerbose() {
    return verbose;
  }

  /** Sets the log level before any logger exists (SLF4J simple reads it once). */
  static void configureEarly(String[] args) {
    boolean v = false;
    for (String a : args) {
      if (a.equals("-v") || a.equals("--verbose")) {
        v = true;
      }
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", v ? "info" : "warn");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    // DJL looks for CUDA on every start and warns when there is none: not news on a CPU machine.
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    // Never download: a missing native library must fail fast with a clear message.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }
}
