package org.arcmetric.gallery;

import java.io.IOException;

/** A gallery that cannot be used as asked: missing, damaged, locked, or for another model. */
public final class GalleryException extends IOException {
  private static final long serialVersionUID = 1L;

  public GalleryException(String message) {
    super(message);
  }

  public GalleryException(String message, Throwable cause) {
    super(message, cause);
  }
}
