package org.arcmetric.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The server's bearer token (RFC 6750): read from a file, and checked against a request's {@code
 * Authorization} header in constant time. The scheme is case-insensitive (RFC 7235 §2.1: {@code
 * bearer} and {@code BEARER} are {@code Bearer}).
 *
 * <p>Thread-safe: stateless.
 */
public final class BearerToken {
  private static final String SCHEME = "bearer";

  private BearerToken() {}

  /**
   * The token in {@code file}: its text without a byte-order mark (editors on some systems write
   * one) and without surrounding white space. Warns through {@code warn} when other users may read
   * the file.
   *
   * @throws IOException if the file cannot be read or holds no token
   */
  public static String read(Path file, Consumer<String> warn) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("--token-file " + file + ": no such file");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String token = text.strip();
    if (token.isEmpty()) {
      throw new IOException("--token-file " + file + " is empty; write the token into it");
    }
    if (readableByOthers(file)) {
      warn.accept(
          "warning: token file "
              + file
              + " can be read by other users of this machine; make it private (chmod 600 "
              + file
              + ")");
    }
    return token;
  }

  /** Whether the file's POSIX permissions let its group or others read it (false elsewhere). */
  static boolean readableByOthers(Path file) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.OTHERS_READ);
    } catch (UnsupportedOperationException e) {
      return false; // not a POSIX file system: its ACLs are the user's to check
    }
  }

  /**
   * The credentials of an {@code Authorization} header with the Bearer scheme in any case, or the
   * empty string when the header is missing or another scheme.
   */
  public static String credentials(String header) {
    if (header == null || header.length() <= SCHEME.length()) {
      return "";
    }
    String scheme = header.substring(0, SCHEME.length());
    char after = header.charAt(SCHEME.length());
    if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME) || (after != ' ' && after != '\t')) {
      return "";
    }
    return header.substring(SCHEME.length()).strip();
  }

  /** Whether {@code header} carries {@code token} (compared in constant time); false if null. */
  public static boolean matches(String header, String token) {
    if (token == null) {
      return false;
    }
    return MessageDigest.isEqual(
        credentials(header).getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
