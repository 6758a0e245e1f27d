package org.arcmetric.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that runs the network shares: threads and verbosity. */
final class EngineOptions {
  @Mixin Verbosity verbosity;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for the network's operations (default: all cores).")
  void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + n);
    }
    // Read by DJL's PyTorch engine when it starts, which is after option parsing.
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
  }

  EngineOptions() {
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
