package org.arcmetric.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The project's second data set, of a different kind from Fashion-MNIST: colour pictures of 20
 * shape classes ({@link #CLASSES}) on cluttered backgrounds. Each image has its own size (40–80 px
 * a side), a two-colour gradient background with 4–9 random distractor strokes and blobs, and one
 * class shape drawn at a random place, scale (35–70% of the side), rotation (±20°) and colour,
 * filled or outlined; a quarter of the images have inverted colours. The class is the shape alone;
 * colour, place, size and clutter carry no label.
 *
 * <p>Deterministic: the same seed gives the same pixels (every random draw comes from one {@link
 * Random} seeded per image). Thread-safe (no shared state).
 */
public final class ShapesGenerator {
  /** The class names, in label order. */
  public static final List<String> CLASSES =
      List.of(
          "arrow",
          "circle",
          "crescent",
          "cross",
          "diamond",
          "ellipse",
          "heart",
          "hexagon",
          "l-shape",
          "lightning",
          "pentagon",
          "ring",
          "semicircle",
          "square",
          "star4",
          "star5",
          "t-shape",
          "trapezoid",
          "triangle",
          "x-shape");

  private ShapesGenerator() {}

  /**
   * Writes {@code out/train/CLASS/NNNN.png} and {@code out/test/CLASS/NNNN.png}: {@code trainPer}
   * and {@code testPer} images of each class.
   */
  public static void write(Path out, int trainPer, int testPer, long seed) throws IOException {
    if (trainPer < 1 || testPer < 0) {
      throw new IllegalArgumentException(
          "images per class must be at least 1 for train and 0 for test");
    }
    for (int c = 0; c < CLASSES.size(); c++) {
      writeSplit(out.resolve("train"), c, trainPer, seed, 0);
      writeSplit(out.resolve("test"), c, testPer, seed, 1);
    }
  }

  private static void writeSplit(Path root, int c, int n, long seed, int split) throws IOException {
    Path dir = root.resolve(CLASSES.get(c));
    Files.createDirectories(dir);
    for (int i = 0; i < n; i++) {
      BufferedImage img = image(c, imageSeed(seed, split, c, i));
      ImageIO.write(img, "png", dir.resolve(String.format("%04d.png", i)).toFile());
    }
  }

  static long imageSeed(long seed, int split, int c, int i) {
    return seed * 1_000_003L + split * 100_000_007L + c * 1_000_033L + i;
  }

  /** One image of class {@code c} (index into {@link #CLASSES}). */
  public static BufferedImage image(int c, long seed) {
    Random r = new Random(seed);
    int side = 40 + r.nextInt(41);
    int w = side;
    int h = Math.max(32, (int) Math.round(side * (0.8 + 0.4 * r.nextDouble())));
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(
            (float) (r.nextDouble() * w),
            (float) (r.nextDouble() * h),
            randomColour(r),
            (float) (r.nextDouble() * w),
            (float) (r.nextDouble() * h),
            randomColour(r)));
    g.fillRect(0, 0, w, h);
    int clutter = 2 + r.nextInt(4);
    for (int k = 0; k < clutter; k++) {
      g.setColor(randomColour(r));
      if (r.nextBoolean()) {
        g.setStroke(new BasicStroke(1f + r.nextFloat() * 2.5f));
        g.drawLine(r.nextInt(w), r.nextInt(h), r.nextInt(w), r.nextInt(h));
      } else {
        int d = 3 + r.nextInt(Math.max(2, side / 6));
        g.fillOval(r.nextInt(w), r.nextInt(h), d, d);
      }
    }
    double scale = Math.min(w, h) * (0.5 + 0.3 * r.nextDouble());
    double cx = w / 2.0 + (r.nextDouble() - 0.5) * (w - scale) * 0.8;
    double cy = h / 2.0 + (r.nextDouble() - 0.5) * (h - scale) * 0.8;
    double angle = Math.toRadians((r.nextDouble() - 0.5) * 40);
    AffineTransform at = new AffineTransform();
    at.translate(cx, cy);
    at.rotate(angle);
    at.scale(scale / 2, scale / 2);
    Shape s = at.createTransformedShape(unitShape(c));
    g.setColor(contrastingColour(r));
    if (r.nextInt(8) == 0) {
      g.setStroke(new BasicStroke((float) Math.max(2, scale / 8)));
      g.draw(s);
    } else {
      g.fill(s);
    }
    g.dispose();
    if (r.nextInt(4) == 0) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          img.setRGB(x, y, ~img.getRGB(x, y) & 0xffffff);
        }
      }
    }
    return img;
  }

  private static Color randomColour(Random r) {
    return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  /** A saturated colour, so the shape stands out from most backgrounds (but not from all). */
  private static Color contrastingColour(Random r) {
    return Color.getHSBColor(
        r.nextFloat(), 0.6f + 0.4f * r.nextFloat(), 0.5f + 0.5f * r.nextFloat());
  }

  /** Class {@code c}'s outline, centred on the origin within [-1, 1]². */
  static Shape unitShape(int c) {
    return switch (CLASSES.get(c)) {
      case "arrow" ->
          polygon(
              new double[] {-1, 0.1, 0.1, 1, 0.1, 0.1, -1},
              new double[] {-0.3, -0.3, -0.8, 0, 0.8, 0.3, 0.3});
      case "circle" -> new Ellipse2D.Double(-1, -1, 2, 2);
      case "crescent" -> {
        Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
        a.subtract(new Area(new Ellipse2D.Double(-0.45, -1.05, 2, 2)));
        yield a;
      }
      case "cross" -> {
        Area a = new Area(new Rectangle2D.Double(-1, -0.3, 2, 0.6));
        a.add(new Area(new Rectangle2D.Double(-0.3, -1, 0.6, 2)));
        yield a;
      }
      case "diamond" -> polygon(new double[] {0, 0.6, 0, -0.6}, new double[] {-1, 0, 1, 0});
      case "ellipse" -> new Ellipse2D.Double(-1, -0.5, 2, 1);
      case "heart" -> {
        Area a = new Area(new Ellipse2D.Double(-1, -0.9, 1.1, 1.1));
        a.add(new Area(new Ellipse2D.Double(-0.1, -0.9, 1.1, 1.1)));
        a.add(new Area(polygon(new double[] {-0.95, 0.95, 0}, new double[] {-0.1, -0.1, 1})));
        yield a;
      }
      case "hexagon" -> regular(6, 0);
      case "l-shape" ->
          polygon(
              new double[] {-0.7, -0.2, -0.2, 0.7, 0.7, -0.7},
              new double[] {-1, -1, 0.5, 0.5, 1, 1});
      case "lightning" ->
          polygon(
              new double[] {-0.2, 0.6, 0.1, 0.5, -0.5, 0, -0.6},
              new double[] {-1, -1, -0.2, -0.2, 1, 0.1, 0.1});
      case "pentagon" -> regular(5, -Math.PI / 2);
      case "ring" -> {
        Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
        a.subtract(new Area(new Ellipse2D.Double(-0.55, -0.55, 1.1, 1.1)));
        yield a;
      }
      case "semicircle" -> {
        Area a = new Area(new Ellipse2D.Double(-1, -0.5, 2, 2));
        a.intersect(new Area(new Rectangle2D.Double(-1, -0.5, 2, 1)));
        yield a;
      }
      case "square" -> new Rectangle2D.Double(-0.85, -0.85, 1.7, 1.7);
      case "star4" -> star(4, 0.3, -Math.PI / 2);
      case "star5" -> star(5, 0.4, -Math.PI / 2);
      case "t-shape" -> {
        Area a = new Area(new Rectangle2D.Double(-1, -1, 2, 0.55));
        a.add(new Area(new Rectangle2D.Double(-0.28, -1, 0.56, 2)));
        yield a;
      }
      case "trapezoid" ->
          polygon(new double[] {-0.45, 0.45, 1, -1}, new double[] {-0.6, -0.6, 0.6, 0.6});
      case "triangle" -> regular(3, -Math.PI / 2);
      case "x-shape" -> {
        Area a = new Area(new Rectangle2D.Double(-1, -0.22, 2, 0.44));
        a.add(new Area(new Rectangle2D.Double(-0.22, -1, 0.44, 2)));
        yield a.createTransformedArea(AffineTransform.getRotateInstance(Math.PI / 4));
      }
      default -> throw new IllegalArgumentException("no shape for class " + c);
    };
  }

  private static Path2D polygon(double[] xs, double[] ys) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xs[0], ys[0]);
    for (int i = 1; i < xs.length; i++) {
      p.lineTo(xs[i], ys[i]);
    }
    p.closePath();
    return p;
  }

  private static Path2D regular(int n, double phase) {
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = Math.cos(phase + 2 * Math.PI * i / n);
      ys[i] = Math.sin(phase + 2 * Math.PI * i / n);
    }
    return polygon(xs, ys);
  }

  private static Path2D star(int points, double inner, double phase) {
    double[] xs = new double[2 * points];
    double[] ys = new double[2 * points];
    for (int i = 0; i < 2 * points; i++) {
      double rad = i % 2 == 0 ? 1 : inner;
      double a = phase + Math.PI * i / points;
      xs[i] = rad * Math.cos(a);
      ys[i] = rad * Math.sin(a);
    }
    return polygon(xs, ys);
  }
}
