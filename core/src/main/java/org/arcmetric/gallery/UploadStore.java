package org.arcmetric.gallery;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
