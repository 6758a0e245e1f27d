package org.arcmetric.plot;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Writes charts and images as PNG, atomically (temporary file, then a move). */
public final class Png {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Png() {}

  /** Renders {@code chart} at {@code width} × {@code height} pixels into {@code file}. */
  public static Path write(JFreeChart chart, int width, int height, Path file) throws IOException {
    return atomically(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
  }

  /** Writes {@code image} into {@code file}. */
  public static Path write(BufferedImage image, Path file) throws IOException {
    return atomically(
        file,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
          }
        });
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private static Path atomically(Path file, Body body) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        body.write(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
