package org.arcmetric.gallery;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * What a failed write says about the storage under a gallery, in a user's words: the disk is full,
 * the file system is read-only, or the folder may not be written. Such a failure is the machine's,
 * not the request's or the program's, and is answered as one (HTTP 507 or 503, one log line, no
 * stack trace); the last commit stays as it was.
 *
 * <p>Thread-safe: stateless.
 */
public enum StorageFailure {
  /** No space left on the device, or a disk quota reached. */
  FULL("the disk holding the gallery is full"),
  /** The file system is mounted read-only, or this user may not write the folder. */
  READ_ONLY("the gallery's folder cannot be written (read-only file system or no permission)");

  private final String description;

  StorageFailure(String description) {
    this.description = description;
  }

  /** What went wrong, for a message. */
  public String description() {
    return description;
  }

  /**
   * The storage failure behind {@code e} (searching its causes and suppressed exceptions), or null
   * when it is not one.
   */
  public static StorageFailure of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      StorageFailure f = ofOne(t);
      if (f != null) {
        return f;
      }
      for (Throwable s : t.getSuppressed()) {
        f = ofOne(s);
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }

  private static StorageFailure ofOne(Throwable t) {
    if (t instanceof AccessDeniedException) {
      return READ_ONLY;
    }
    String m = t instanceof FileSystemException f ? f.getReason() : t.getMessage();
    if (m == null) {
      return null;
    }
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
      return FULL;
    }
    if (lower.contains("read-only file system")) {
      return READ_ONLY;
    }
    return null;
  }
}
