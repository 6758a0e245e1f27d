package org.arcmetric.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Nearest-neighbour grid: one row per query, the query image first, then its nearest gallery
 * images, each captioned with its label and similarity. A neighbour of another class than the
 * query's is framed red, one of the same class green; a missing image (a gallery source that cannot
 * be read back) is drawn as a grey tile with its caption.
 */
public final class NeighbourGrid {
  private NeighbourGrid() {}

  /**
   * One image of the grid.
   *
   * @param image the picture, or null when it cannot be shown
   * @param caption text under the tile
   * @param match null for the query itself, else whether the neighbour's class is the query's
   */
  public record Tile(BufferedImage image, String caption, Boolean match) {}

  /**
   * @param rows per query: the query's tile, then its neighbours
   * @param tile edge of each tile in pixels (images are scaled to it)
   */
  public static Path write(List<List<Tile>> rows, int tile, Path file) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no queries to show");
    }
    int cols = rows.stream().mapToInt(List::size).max().orElse(1);
    int captionH = 28;
    int gap = 8;
    int cellW = tile + gap;
    int cellH = tile + captionH + gap;
    int width = cols * cellW + gap + 10;
    int height = rows.size() * cellH + gap;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    for (int r = 0; r < rows.size(); r++) {
      List<Tile> row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        Tile t = row.get(c);
        int x = gap + c * cellW + (c > 0 ? 10 : 0); // a little space after the query
        int y = gap + r * cellH;
        if (t.image() != null) {
          g.drawImage(t.image(), x, y, tile, tile, null);
        } else {
          g.setColor(new Color(0xcccccc));
          g.fillRect(x, y, tile, tile);
        }
        if (t.match() != null) {
          g.setColor(t.match() ? new Color(0x2e9e44) : new Color(0xd62728));
          g.setStroke(new BasicStroke(3f));
          g.drawRect(x - 1, y - 1, tile + 1, tile + 1);
        }
        g.setColor(Color.BLACK);
        String[] lines = t.caption().split("\n", 2);
        for (int l = 0; l < lines.length; l++) {
          g.drawString(clip(lines[l], fm, tile + gap), x, y + tile + fm.getAscent() + 2 + l * 12);
        }
      }
    }
    g.dispose();
    return Png.write(img, file);
  }

  private static String clip(String s, FontMetrics fm, int width) {
    if (fm.stringWidth(s) <= width) {
      return s;
    }
    while (s.length() > 1 && fm.stringWidth(s + "…") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "…";
  }
}
