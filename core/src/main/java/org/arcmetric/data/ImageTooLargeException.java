package org.arcmetric.data;

import java.io.IOException;

/**
 * An image whose header claims more pixels a side than allowed; raised before any pixel is decoded,
 * so a small file claiming a huge size costs nothing. The message names the source.
 */
public final class ImageTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int width;
  private final int height;

  public ImageTooLargeException(String source, int width, int height, int maxSide) {
    super(
        source
            + " is "
            + width
            + " × "
            + height
            + " pixels; at most "
            + maxSide
            + " a side is accepted");
    this.width = width;
    this.height = height;
  }

  /** An image refused for another limit than its side, {@code message} saying which. */
  public ImageTooLargeException(String message, int width, int height) {
    super(message);
    this.width = width;
    this.height = height;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }
}
