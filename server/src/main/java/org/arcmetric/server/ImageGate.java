package org.arcmetric.server;

import java.awt.image.BufferedImage;
import org.arcmetric.data.BadImageException;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageTooLargeException;

/**
 * Admits an uploaded image: the format is decided by its bytes (not its name or content type), and
 * its width and height are read from the header and checked <em>before</em> any pixel is decoded,
 * so a small file that claims 30000 × 30000 pixels costs nothing; so is its decoded size (width ×
 * height × bands × bytes per sample: a 4096 × 4096 16-bit RGBA PNG is 128 MiB), and concurrent
 * decodes share one memory budget. Thread-safe.
 */
final class ImageGate {
  private final int maxSide;
  private final long maxDecodedBytes;
  private final org.arcmetric.data.DecodeBudget budget;
  private final int targetSide;

  /**
   * @param targetSide the model input's longer side: far larger images decode subsampled
   */
  ImageGate(
      int maxSide, long maxDecodedBytes, org.arcmetric.data.DecodeBudget budget, int targetSide) {
    this.maxSide = maxSide;
    this.maxDecodedBytes = maxDecodedBytes;
    this.budget = budget;
    this.targetSide = targetSide;
  }

  BufferedImage admit(byte[] bytes, String name) {
    if (bytes == null || bytes.length == 0) {
      throw new ApiException(400, "empty_image", name + " is empty");
    }
    if (ImageDecoder.sniff(bytes).isEmpty()) {
      throw new ApiException(
          415, "unsupported_image", name + " is not a PNG, JPEG, GIF or BMP image (by its bytes)");
    }
    try {
      return ImageDecoder.decode(bytes, name, maxSide, maxDecodedBytes, budget, targetSide);
    } catch (ImageTooLargeException e) {
      throw new ApiException(413, "image_too_large", e.getMessage());
    } catch (BadImageException e) {
      throw new ApiException(422, "bad_image", name + ": " + e.reason());
    }
  }
}
