package org.arcmetric.cli;

import java.util.Locale;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.options.InvalidOptionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that runs the network shares: threads, precision and verbosity. */
public final class EngineOptions {
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

  @Option(
      names = "--precision",
      paramLabel = "auto|fp32|bf16",
      description =
          "Number format of the backbone: bf16 is mixed precision (bfloat16 convolutions, float32"
              + " weights, head and loss), fast on CPUs with AVX-512-BF16 or AMX; auto picks bf16"
              + " on those and fp32 elsewhere (default: auto).")
  void setPrecision(String p) {
    try {
      ComputeMode.resolve(p);
    } catch (InvalidOptionException e) {
      throw new IllegalArgumentException(e.render(f -> "--" + f), e);
    }
    // Read when the network is built, which is after option parsing.
    System.setProperty(ComputeMode.PRECISION_PROPERTY, p.trim().toLowerCase(Locale.ROOT));
  }

  EngineOptions() {
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
