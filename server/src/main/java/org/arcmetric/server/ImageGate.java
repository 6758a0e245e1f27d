package org.arcmetric.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.arcmetric.data.BadImageException;
import org.arcmetric.data.ImageDecoder;

/**
 * Admits an uploaded image: the format is decided by its bytes (not its name or content type), and
 * its width and height are read from the header and checked <em>before</em> any pixel is decoded,
 * so a small file that claims 30000 × 30000 pixels costs nothing. Thread-safe.
 */
final class ImageGate {
  private final int maxSide;

  ImageGate(int maxSide) {
    this.maxSide = maxSide;
  }

  BufferedImage admit(byte[] bytes, String name) {
    if (bytes == null || bytes.length == 0) {
      throw new ApiException(400, "empty_image", name + " is empty");
    }
    if (ImageDecoder.sniff(bytes).isEmpty()) {
      throw new ApiException(
          415, "unsupported_image", name + " is not a PNG, JPEG, GIF or BMP image (by its bytes)");
    }
    // The bytes are in memory already: a memory-cached stream, not ImageIO's default temp-file
    // cache, which writes to disk and fails with "Shutdown in progress" while a server drains.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ApiException(415, "unsupported_image", name + " cannot be read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w > maxSide || h > maxSide) {
          throw new ApiException(
              413,
              "image_too_large",
              name
                  + " is "
                  + w
                  + " × "
                  + h
                  + " pixels; at most "
                  + maxSide
                  + " a side is accepted");
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ApiException(422, "bad_image", name + " has an unreadable header");
    }
    try {
      return ImageDecoder.decode(bytes, name);
    } catch (BadImageException e) {
      throw new ApiException(422, "bad_image", name + ": " + e.reason());
    }
  }
}
