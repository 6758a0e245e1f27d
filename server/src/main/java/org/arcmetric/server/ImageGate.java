package org.arcmetric.server;

import java.awt.image.BufferedImage;
import java.util.List;
import org.arcmetric.data.BadImageException;
import org.arcmetric.data.DecodeBudget;
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
  private final DecodeBudget budget;
  private final int targetSide;

  /**
   * @param targetSide the model input's longer side: far larger images decode subsampled
   */
  ImageGate(int maxSide, long maxDecodedBytes, DecodeBudget budget, int targetSide) {
    this.maxSide = maxSide;
    this.maxDecodedBytes = maxDecodedBytes;
    this.budget = budget;
    this.targetSide = targetSide;
  }

  /**
   * Most decoding work one request may ask for, over all its images, in pixel passes ({@link
   * ImageDecoder#work}: width × height from the headers, times the passes of a progressive JPEG):
   * eight 4096 × 4096 pictures. Every pixel is inflated or entropy-decoded even when the image is
   * subsampled, so this bounds the CPU one request costs (docs/SECURITY.md has the measured worst
   * case).
   */
  static final long MAX_REQUEST_WORK = 8L * 4096 * 4096;

  /** Refuses a request whose images promise more than {@link #MAX_REQUEST_WORK} together. */
  static void requireDecodable(List<byte[]> bodies) {
    long total = 0;
    for (byte[] b : bodies) {
      total += b == null ? 0 : ImageDecoder.work(b);
    }
    if (total > MAX_REQUEST_WORK) {
      throw new ApiException(
          413,
          "too_much_to_decode",
          "the images of this request need "
              + (total / 1_000_000)
              + " million pixel passes to decode; at most "
              + (MAX_REQUEST_WORK / 1_000_000)
              + " million are decoded per request (a progressive JPEG counts a pass per "
              + ImageDecoder.SCANS_PER_PASS
              + " scans): send fewer or smaller images per request");
    }
  }

  BufferedImage admit(byte[] bytes, String name) {
    if (bytes == null || bytes.length == 0) {
      throw new ApiException(400, "empty_image", name + " is empty");
    }
    if (ImageDecoder.sniff(bytes).isEmpty()) {
      throw new ApiException(
          415,
          "unsupported_image",
          name
              + " is "
              + ImageDecoder.unreadableFormat(bytes)
                  .orElse("not a " + ImageDecoder.READABLE + " image (by its bytes)"));
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
