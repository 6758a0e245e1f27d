package org.arcmetric.data;

import java.io.IOException;

/** An image file that is corrupt, truncated or undecodable. The message names the file. */
public final class BadImageException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final String reason;

  public BadImageException(String source, String reason) {
    super(source + ": not a readable image (" + reason + ")");
    this.source = source;
    this.reason = reason;
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
