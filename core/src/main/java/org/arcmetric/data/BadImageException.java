package org.arcmetric.data;

import java.io.IOException;

/**
 * An image file that is corrupt, truncated or undecodable, or a photo in a format the decoder
 * cannot read ({@link #unreadableFormat}). The message names the file.
 */
public final class BadImageException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final String reason;
  private final boolean formatOnly;

  /** "SOURCE: not a readable image (REASON)". */
  public BadImageException(String source, String reason) {
    this(source, reason, false);
  }

  private BadImageException(String source, String reason, boolean formatOnly) {
    super(source + (formatOnly ? ": " + reason : ": not a readable image (" + reason + ")"));
    this.source = source;
    this.reason = reason;
    this.formatOnly = formatOnly;
  }

  /**
   * A photo whose format the decoder does not read, {@code what} saying which and what to do
   * ({@link ImageDecoder#unreadableFormat}): "SOURCE: a HEIC/HEIF photo ..., which arcmetric cannot
   * read ...".
   */
  public static BadImageException unreadableFormat(String source, String what) {
    return new BadImageException(source, what, true);
  }

  /** The same error with {@code advice} added to its reason ("pass --skip-bad-images ..."). */
  public BadImageException withAdvice(String advice) {
    return new BadImageException(source, reason + "; " + advice, formatOnly);
  }

  /** Why it could not be read. */
  public String reason() {
    return reason;
  }

  /** The file (or other source) that could not be decoded. */
  public String source() {
    return source;
  }
}
