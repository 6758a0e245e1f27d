package org.arcmetric.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small synthetic images of every colour type, encoded in every format we read. */
public final class TestImages {
  private TestImages() {}

  /**
   * A {@code w×h} image of {@code type} with a left half of {@code left}, right half {@code right}.
   */
  public static BufferedImage halves(int type, int w, int h, Color left, Color right) {
    BufferedImage img;
    if (type == BufferedImage.TYPE_BYTE_INDEXED) {
      // A full 256-entry palette: the JDK's own BMP codec loses 1-bit (2-colour) palettes.
      byte[] r = new byte[256];
      byte[] g = new byte[256];
      byte[] b = new byte[256];
      r[0] = (byte) left.getRed();
      g[0] = (byte) left.getGreen();
      b[0] = (byte) left.getBlue();
      r[1] = (byte) right.getRed();
      g[1] = (byte) right.getGreen();
      b[1] = (byte) right.getBlue();
      img = new BufferedImage(w, h, type, new IndexColorModel(8, 256, r, g, b));
    } else {
      img = new BufferedImage(w, h, type);
    }
    Graphics2D gr = img.createGraphics();
    gr.setColor(left);
    gr.fillRect(0, 0, w / 2, h);
    gr.setColor(right);
    gr.fillRect(w / 2, 0, w - w / 2, h);
    gr.dispose();
    return img;
  }

  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format + " and type " + img.getType());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A grey image whose pixel value encodes {@code value}: a test class signature. */
  public static BufferedImage grey(int w, int h, int value) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(value, value, value));
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /**
   * {@code upright} stored as a phone would store it for EXIF {@code orientation}: the pixels
   * turned the other way (so that a viewer honouring the tag shows {@code upright}), encoded in
   * {@code format} ("png" or "jpeg") with the tag in a TIFF block of the given byte order (JPEG: an
   * APP1 {@code Exif} segment after SOI; PNG: an {@code eXIf} chunk after IHDR).
   */
  public static byte[] withOrientation(
      BufferedImage upright, int orientation, String format, boolean littleEndian) {
    // the inverse of each transform: 6 and 8 undo each other, the others undo themselves
    int inverse = orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
    BufferedImage stored = turn(upright, inverse);
    byte[] plain = encode(stored, format);
    byte[] tiff = tiffWithOrientation(orientation, littleEndian);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (format.equals("png")) {
      int ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length+type, data, CRC
      out.write(plain, 0, ihdrEnd);
      writeInt(out, tiff.length);
      byte[] type = {'e', 'X', 'I', 'f'};
      out.writeBytes(type);
      out.writeBytes(tiff);
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(tiff);
      writeInt(out, (int) crc.getValue());
      out.write(plain, ihdrEnd, plain.length - ihdrEnd);
    } else {
      out.write(plain, 0, 2); // SOI
      out.write(0xff);
      out.write(0xe1);
      int length = 2 + 6 + tiff.length;
      out.write(length >> 8);
      out.write(length & 0xff);
      out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
      out.writeBytes(tiff);
      out.write(plain, 2, plain.length - 2);
    }
    return out.toByteArray();
  }

  /** A TIFF block whose IFD0 holds one entry, orientation (0x0112, SHORT, 1). */
  public static byte[] tiffWithOrientation(int orientation, boolean littleEndian) {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4);
    b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
    b.putShort((short) 42).putInt(8);
    b.putShort((short) 1);
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    b.putShort((short) 0);
    b.putInt(0); // no next IFD
    return b.array();
  }

  /** Turns an image by hand as EXIF {@code orientation} tells a viewer to (an oracle). */
  public static BufferedImage turn(BufferedImage img, int orientation) {
    int w = img.getWidth();
    int h = img.getHeight();
    boolean swap = orientation >= 5;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // where stored pixel (x, y) is shown
        int[] to =
            switch (orientation) {
              case 1 -> new int[] {x, y};
              case 2 -> new int[] {w - 1 - x, y};
              case 3 -> new int[] {w - 1 - x, h - 1 - y};
              case 4 -> new int[] {x, h - 1 - y};
              case 5 -> new int[] {y, x};
              case 6 -> new int[] {h - 1 - y, x};
              case 7 -> new int[] {h - 1 - y, w - 1 - x};
              case 8 -> new int[] {y, w - 1 - x};
              default -> throw new IllegalArgumentException("orientation " + orientation);
            };
        out.setRGB(to[0], to[1], img.getRGB(x, y));
      }
    }
    return out;
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write((v >>> 16) & 0xff);
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  /** An asymmetric colour picture: a gradient with a block in one corner, {@code w × h}. */
  public static BufferedImage asymmetric(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean block = x < w / 3 && y < h / 4;
        int r = block ? 250 : 255 * x / w;
        int g = block ? 20 : 255 * y / h;
        int b = block ? 30 : 120;
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }
}
