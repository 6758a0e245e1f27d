package org.arcmetric.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.eval.ConfusionMatrix;

/**
 * A confusion matrix as a heat map: rows are true classes, columns answers (plus {@code unknown}),
 * each cell shaded by the fraction of its row and labelled with its count. Drawn with Java 2D.
 */
public final class ConfusionHeatmap {
  private ConfusionHeatmap() {}

  public static Path write(ConfusionMatrix m, int width, int height, Path file) throws IOException {
    List<String> rows = m.trueClasses();
    List<String> cols = new ArrayList<>(m.classes());
    cols.add("unknown");
    int[][] counts = m.counts();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    int labelW = 0;
    for (String s : cols) {
      labelW = Math.max(labelW, fm.stringWidth(s));
    }
    int left = labelW + 14;
    int top = labelW + 34;
    int cellW = Math.max(1, (width - left - 10) / cols.size());
    int cellH = Math.max(1, (height - top - 10) / Math.max(1, rows.size()));
    g.setColor(Color.BLACK);
    g.setFont(font.deriveFont(Font.BOLD, 13f));
    g.drawString("Confusion matrix (rows: true class, columns: answer)", 8, 18);
    g.setFont(font);
    for (int r = 0; r < rows.size(); r++) {
      int row = m.classes().indexOf(rows.get(r));
      int total = 0;
      for (int c : counts[row]) {
        total += c;
      }
      for (int c = 0; c < cols.size(); c++) {
        int n = counts[row][c];
        double f = total == 0 ? 0 : (double) n / total;
        boolean diagonal = c == row;
        Color base = diagonal ? new Color(0x2f6fb0) : new Color(0xc0392b);
        g.setColor(blend(Color.WHITE, base, f));
        int x = left + c * cellW;
        int y = top + r * cellH;
        g.fillRect(x, y, cellW, cellH);
        g.setColor(new Color(0xdddddd));
        g.drawRect(x, y, cellW, cellH);
        if (n > 0 && cellW > 18 && cellH > 10) {
          String s = Integer.toString(n);
          g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
          g.drawString(
              s, x + (cellW - fm.stringWidth(s)) / 2, y + (cellH + fm.getAscent()) / 2 - 2);
        }
      }
      g.setColor(Color.BLACK);
      String name = rows.get(r);
      g.drawString(
          name,
          left - 6 - fm.stringWidth(name),
          top + r * cellH + (cellH + fm.getAscent()) / 2 - 2);
    }
    AffineTransform saved = g.getTransform();
    for (int c = 0; c < cols.size(); c++) {
      g.setTransform(saved);
      g.translate(left + c * cellW + cellW / 2 + fm.getAscent() / 2, top - 6);
      g.rotate(-Math.PI / 2);
      g.drawString(cols.get(c), 0, 0);
    }
    g.setTransform(saved);
    g.dispose();
    return Png.write(img, file);
  }

  private static Color blend(Color a, Color b, double f) {
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
  }
}
