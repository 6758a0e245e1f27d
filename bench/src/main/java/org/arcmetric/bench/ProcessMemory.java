package org.arcmetric.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): the JVM heap plus the
 * native memory of PyTorch, Lucene's mapped files and thread stacks. Empty elsewhere.
 */
final class ProcessMemory {
  private ProcessMemory() {}

  /** Resident set size now ({@code VmRSS}), in bytes. */
  static OptionalLong rss() {
    return field("VmRSS:");
  }

  /** Peak resident set size ({@code VmHWM}), in bytes. */
  static OptionalLong peakRss() {
    return field("VmHWM:");
  }

  private static OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          // "VmRSS:	  123456 kB"
          String kb = line.substring(name.length()).trim().split("\\s+")[0];
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or a format we do not know
    }
    return OptionalLong.empty();
  }

  /** Megabytes with no decimals, or "n/a". */
  static String mb(OptionalLong bytes) {
    return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f", bytes.getAsLong() / 1e6) : "n/a";
  }
}
