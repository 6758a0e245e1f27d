package org.arcmetric.compute;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C allocator settings a process running the network needs. PyTorch's CPU allocator takes every
 * tensor from {@code malloc} and gives it back after each operation; glibc's {@code malloc} serves
 * a large block (over 32 MiB, or 64 MiB in any thread but the first: the activations of a batch of
 * 64 px images) from a fresh {@code mmap} and unmaps it again when freed, and returns the top of
 * its heap to the system after every step, so each operation pays the page faults of zeroing its
 * output anew. On virtual machines where a page fault is dear this costs 4–10× in speed (measured:
 * BENCHMARKS.md, "Speed"). The cure is three environment variables read when the process starts,
 * before any Java code runs, so the {@code arcmetric} launcher sets them ({@link #RECOMMENDED}) and
 * a Java program that embeds arcmetric should set them in its own launcher; {@link #checkOnce} logs
 * a warning when they are missing. The process then keeps its peak native memory instead of
 * returning it. Thread-safe.
 */
public final class NativeMemory {
  /**
   * One arena (so every thread's large blocks come from the main heap), no {@code mmap}, no
   * trimming of the heap below 4 GiB.
   */
  public static final Map<String, String> RECOMMENDED = recommended();

  private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private NativeMemory() {}

  private static Map<String, String> recommended() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("MALLOC_ARENA_MAX", "1");
    m.put("MALLOC_MMAP_MAX_", "0");
    m.put("MALLOC_TRIM_THRESHOLD_", "4294967296");
    return Collections.unmodifiableMap(m);
  }

  /** Whether every variable of {@link #RECOMMENDED} is set in {@code env} (to any value). */
  public static boolean tuned(Map<String, String> env) {
    return RECOMMENDED.keySet().stream().allMatch(env::containsKey);
  }

  /** The variables as a shell would set them: {@code MALLOC_ARENA_MAX=1 ...}. */
  public static String assignments() {
    return RECOMMENDED.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /**
   * Logs one warning per process when this Linux process runs without the settings (the first call
   * decides).
   */
  public static void checkOnce() {
    if (CHECKED.getAndSet(true)) {
      return;
    }
    if (System.getProperty("os.name", "").startsWith("Linux") && !tuned(System.getenv())) {
      LOG.warn(
          "the C allocator is not set up for PyTorch: large tensors are mapped and unmapped at"
              + " every operation, which can make training and embedding several times slower."
              + " Start the JVM with {} (the arcmetric launcher does); see docs/operations.md",
          assignments());
    }
  }
}
