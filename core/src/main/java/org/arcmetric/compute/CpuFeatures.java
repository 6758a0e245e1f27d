package org.arcmetric.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the CPU can do that decides the speed of the network: its model name and the instruction set
 * extensions that PyTorch's kernels use (AVX2, AVX-512, AVX-512-BF16, AMX), read from {@code
 * /proc/cpuinfo}. Where that file does not exist (not Linux) nothing is known: no bfloat16.
 * Immutable.
 *
 * @param model the CPU's model name, or {@code "unknown CPU"}
 * @param flags the extensions the kernel reports (lower case, as in {@code /proc/cpuinfo})
 */
public record CpuFeatures(String model, Set<String> flags) {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static volatile CpuFeatures current;

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's CPU (read once). */
  public static CpuFeatures detect() {
    CpuFeatures c = current;
    if (c == null) {
      String text;
      try {
        text = Files.readString(CPUINFO);
      } catch (IOException | RuntimeException e) {
        text = "";
      }
      c = parse(text);
      current = c;
    }
    return c;
  }

  /** The first processor's model name and flags in the text of a {@code /proc/cpuinfo}. */
  public static CpuFeatures parse(String cpuinfo) {
    String model = null;
    Set<String> flags = null;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (model == null && key.equals("model name")) {
        model = value;
      } else if (flags == null && key.equals("flags")) {
        flags = new TreeSet<>();
        for (String f : value.split("\\s+")) {
          if (!f.isEmpty()) {
            flags.add(f);
          }
        }
      }
    }
    return new CpuFeatures(model == null ? "unknown CPU" : model, flags == null ? Set.of() : flags);
  }

  /** Whether the CPU multiplies bfloat16 natively (AVX-512-BF16 or AMX-BF16). */
  public boolean hasBf16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /** Whether it has AVX-512 (the foundation set). */
  public boolean hasAvx512() {
    return flags.contains("avx512f");
  }

  /** The widest vector extensions in words: "AVX-512 with BF16", "AVX-512", "AVX2" or "no AVX2". */
  public String vectorExtensions() {
    String amx = flags.contains("amx_bf16") ? " and AMX" : "";
    if (hasAvx512()) {
      return (flags.contains("avx512_bf16") ? "AVX-512 with BF16" : "AVX-512") + amx;
    }
    return (flags.contains("avx2") ? "AVX2" : "no AVX2") + amx;
  }

  /** The model name and its vector extensions, e.g. {@code "AMD EPYC (AVX-512 with BF16)"}. */
  @Override
  public String toString() {
    return model + " (" + vectorExtensions() + ")";
  }
}
