package org.arcmetric.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
}
