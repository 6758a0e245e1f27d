package org.arcmetric.gallery;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Images that arrived over the network, kept inside the gallery folder ({@code uploads/}) under the
 * SHA-256 of their bytes, so an enrolled upload can be re-embedded by {@code gallery rebuild} like
 * an image file: its entry's source is {@code upload:sha256:HEX}. The same bytes uploaded twice are
 * stored once. Lucene ignores the sub-folder. Thread-safe: each file is written to a temporary name
 * and moved into place.
 */
public final class UploadStore {
  /** The sub-folder of the gallery that holds the uploads. */
  public static final String DIR = "uploads";

  private static final String PREFIX = "upload:sha256:";
  private static final Pattern SOURCE = Pattern.compile("upload:sha256:([0-9a-f]{64})");

  private final Path dir;

  /** The store of the gallery in {@code galleryDir}. */
  public UploadStore(Path galleryDir) {
    this.dir = galleryDir.resolve(DIR);
  }

  /** Keeps {@code bytes} (once) and returns the source to store with the entry. */
  public String put(byte[] bytes) throws IOException {
    String hex = sha256(bytes);
    Path target = file(hex);
    if (!Files.isRegularFile(target)) {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), hex, ".tmp");
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return PREFIX + hex;
  }

  /** Whether {@code source} names an upload ({@code upload:sha256:HEX}). */
  public static boolean isUpload(String source) {
    return source != null && SOURCE.matcher(source).matches();
  }

  /** The stored bytes of the upload {@code source}, or null when it is not one or is missing. */
  public byte[] read(String source) throws IOException {
    Matcher m = source == null ? null : SOURCE.matcher(source);
    if (m == null || !m.matches()) {
      return null;
    }
    Path f = file(m.group(1));
    return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
  }

  /**
   * Deletes the stored files of the {@code removed} sources that no entry in {@code kept} refers to
   * any longer (the same bytes enrolled twice share one file). Other sources are ignored.
   *
   * @return how many files were deleted
   */
  public int removeUnreferenced(Collection<String> removed, Set<String> kept) throws IOException {
    int deleted = 0;
    for (String source : new HashSet<>(removed)) {
      Matcher m = source == null ? null : SOURCE.matcher(source);
      if (m != null && m.matches() && !kept.contains(source)) {
        if (Files.deleteIfExists(file(m.group(1)))) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Deletes every stored file that no source in {@code kept} refers to, and temporary files left by
   * an interrupted upload: what enrolments killed before their commit, or removals killed after it,
   * left behind. Only for a writer that holds the gallery's write lock, with no enrolment under
   * way.
   *
   * @return the files deleted and their bytes
   */
  public Swept removeOrphans(Set<String> kept) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new Swept(0, 0);
    }
    int files = 0;
    long bytes = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        boolean upload =
            name.length() == 64 && name.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        if (!upload || !kept.contains(PREFIX + name)) {
          long size = Files.size(f);
          if (Files.deleteIfExists(f)) {
            files++;
            bytes += size;
          }
        }
      }
    }
    return new Swept(files, bytes);
  }

  /** What {@link #removeOrphans} deleted. */
  public record Swept(int files, long bytes) {}

  /** Bytes of every file under {@code uploads/} (0 when there is none). */
  public long bytes() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long total = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        total += Files.size(f);
      }
    }
    return total;
  }

  private Path file(String hex) {
    return dir.resolve(hex.substring(0, 2)).resolve(hex);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
