package org.arcmetric.data;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a photo (TIFF tag 0x0112) and the transform that shows it upright.
 *
 * <p>Phones store the sensor's pixels as they came and record in this tag how a viewer must turn
 * them: 1 upright, 2 mirrored left to right, 3 turned 180°, 4 mirrored top to bottom, 5 transposed
 * (mirrored, then turned 270° clockwise), 6 turned 90° clockwise, 7 transversed (mirrored, then
 * turned 90° clockwise), 8 turned 270° clockwise. Every viewer honours it, so a model must too: the
 * decoder reads the tag from a JPEG's APP1 {@code Exif} segment, a PNG's {@code eXIf} chunk or a
 * TIFF file's first directory, and {@link #upright} turns the decoded image the way a viewer would
 * show it. A missing, unreadable or out-of-range tag means 1: a damaged EXIF block never makes a
 * photo unreadable.
 *
 * <p>Thread-safe: stateless.
 */
public final class ExifOrientation {

  /** The tag's value for a photo stored upright; also what a photo without the tag is. */
  public static final int UPRIGHT = 1;

  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;

  private ExifOrientation() {}

  /** The orientation recorded in an image's bytes (1 to 8; 1 when there is none). */
  public static int of(byte[] bytes, ImageDecoder.Format format) {
    try {
      return switch (format) {
        case JPEG -> fromJpeg(bytes);
        case PNG -> fromPng(bytes);
        case TIFF -> fromTiff(bytes, 0, bytes.length);
        default -> UPRIGHT;
      };
    } catch (RuntimeException e) {
      // a malformed EXIF block: the photo is still a photo
      return UPRIGHT;
    }
  }

  /** The orientation in a JPEG: the first APP1 segment that starts with {@code Exif\0\0}. */
  static int fromJpeg(byte[] b) {
    int i = 2; // after SOI
    while (i + 4 <= b.length) {
      if ((b[i] & 0xff) != 0xff) {
        return UPRIGHT; // not at a marker: give up rather than guess
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xff) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2; // markers without a length
        continue;
      }
      if (marker == 0xda || marker == 0xd9) {
        return UPRIGHT; // start of scan or end of image: no EXIF before the pixels
      }
      int length = u16(b, i + 2, false);
      if (length < 2) {
        return UPRIGHT;
      }
      int start = i + 4;
      if (marker == 0xe1
          && length >= 8
          && start + 6 <= b.length
          && b[start] == 'E'
          && b[start + 1] == 'x'
          && b[start + 2] == 'i'
          && b[start + 3] == 'f'
          && b[start + 4] == 0
          && b[start + 5] == 0) {
        return fromTiff(b, start + 6, Math.min(b.length, i + 2 + length));
      }
      i += 2 + length;
    }
    return UPRIGHT;
  }

  /** The orientation in a PNG's {@code eXIf} chunk (its data is a TIFF block). */
  static int fromPng(byte[] b) {
    int i = 8; // after the signature
    while (i + 8 <= b.length) {
      long length = u32(b, i, false);
      if (length < 0 || length > b.length - i - 12L) {
        return UPRIGHT;
      }
      int start = i + 8;
      if (b[i + 4] == 'e' && b[i + 5] == 'X' && b[i + 6] == 'I' && b[i + 7] == 'f') {
        return fromTiff(b, start, start + (int) length);
      }
      if (b[i + 4] == 'I' && b[i + 5] == 'E' && b[i + 6] == 'N' && b[i + 7] == 'D') {
        return UPRIGHT;
      }
      i = start + (int) length + 4; // data and CRC
    }
    return UPRIGHT;
  }

  /** Reads tag 0x0112 from IFD0 of a TIFF block at {@code [from, to)} of {@code b}. */
  static int fromTiff(byte[] b, int from, int to) {
    if (to - from < 8) {
      return UPRIGHT;
    }
    boolean little;
    if (b[from] == 'I' && b[from + 1] == 'I') {
      little = true;
    } else if (b[from] == 'M' && b[from + 1] == 'M') {
      little = false;
    } else {
      return UPRIGHT;
    }
    if (u16(b, from + 2, little) != 42) {
      return UPRIGHT;
    }
    long ifd = u32(b, from + 4, little);
    if (ifd < 8 || ifd > to - from - 2L) {
      return UPRIGHT;
    }
    int at = from + (int) ifd;
    int entries = u16(b, at, little);
    for (int e = 0; e < entries; e++) {
      int entry = at + 2 + 12 * e;
      if (entry + 12 > to) {
        return UPRIGHT;
      }
      if (u16(b, entry, little) == TAG_ORIENTATION) {
        if (u16(b, entry + 2, little) != TYPE_SHORT || u32(b, entry + 4, little) < 1) {
          return UPRIGHT;
        }
        int value = u16(b, entry + 8, little);
        return value >= 1 && value <= 8 ? value : UPRIGHT;
      }
    }
    return UPRIGHT;
  }

  private static int u16(byte[] b, int i, boolean little) {
    int a = b[i] & 0xff;
    int c = b[i + 1] & 0xff;
    return little ? a | (c << 8) : (a << 8) | c;
  }

  private static long u32(byte[] b, int i, boolean little) {
    long v = 0;
    for (int k = 0; k < 4; k++) {
      long byteValue = b[little ? i + 3 - k : i + k] & 0xff;
      v = (v << 8) | byteValue;
    }
    return v;
  }

  /**
   * The image as a viewer shows it for {@code orientation}: a new image for 2 to 8 (width and
   * height swapped for 5 to 8), {@code image} itself for 1.
   *
   * @throws IllegalArgumentException if {@code orientation} is not 1 to 8
   */
  public static BufferedImage upright(BufferedImage image, int orientation) {
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("EXIF orientation must be 1 to 8, not " + orientation);
    }
    if (orientation == UPRIGHT) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] src = image.getRGB(0, 0, w, h, null, 0, w);
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    int[] dst = new int[src.length];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel shown at (x, y)
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> {
            sx = w - 1 - x;
            sy = y;
          }
          case 3 -> {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
          case 4 -> {
            sx = x;
            sy = h - 1 - y;
          }
          case 5 -> {
            sx = y;
            sy = x;
          }
          case 6 -> {
            sx = y;
            sy = h - 1 - x;
          }
          case 7 -> {
            sx = w - 1 - y;
            sy = h - 1 - x;
          }
          default -> { // 8
            sx = w - 1 - y;
            sy = x;
          }
        }
        dst[y * ow + x] = src[sy * w + sx];
      }
    }
    BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_ARGB);
    out.setRGB(0, 0, ow, oh, dst, 0, ow);
    return out;
  }
}
