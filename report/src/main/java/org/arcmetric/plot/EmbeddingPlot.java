package org.arcmetric.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.arcmetric.options.InvalidOptionException;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The embedding as a picture: points coloured by class, classes enrolled without training drawn as
 * crosses. Three views:
 *
 * <ul>
 *   <li>{@link Method#PCA} and {@link Method#TSNE} project any dimension to 2-D (t-SNE on at most
 *       {@code maxPoints}, sampled per class with a seed when there are more — the result says so);
 *   <li>{@link Method#RAW} draws a 2-D embedding on the unit circle as it is, and a 3-D one as its
 *       two hemispheres seen from +z and from −z (the classic ArcFace illustration).
 * </ul>
 */
public final class EmbeddingPlot {
  private EmbeddingPlot() {}

  /** How the points are placed in the plane. */
  public enum Method {
    PCA,
    TSNE,
    RAW
  }

  /**
   * @param file the PNG written
   * @param points how many points it shows
   * @param note a sentence for the reader when points were sampled, else null
   */
  public record Result(Path file, int points, String note) {}

  public static Result write(
      Method method,
      float[][] x,
      List<String> labels,
      Collection<String> newClasses,
      int maxPoints,
      long seed,
      int width,
      int height,
      Path file)
      throws IOException {
    if (x.length == 0) {
      throw new IllegalArgumentException("no points to plot");
    }
    int d = x[0].length;
    String note = null;
    if (method == Method.TSNE && x.length > maxPoints) {
      int[] keep = sample(labels, maxPoints, seed);
      note =
          "t-SNE is O(n²): "
              + keep.length
              + " of "
              + x.length
              + " points were drawn at random (seed "
              + seed
              + "), in proportion to the classes";
      float[][] xs = new float[keep.length][];
      List<String> ls = new ArrayList<>();
      for (int i = 0; i < keep.length; i++) {
        xs[i] = x[keep[i]];
        ls.add(labels.get(keep[i]));
      }
      x = xs;
      labels = ls;
    }
    Set<String> fresh = Set.copyOf(newClasses);
    switch (method) {
      case PCA ->
          Png.write(
              scatter("PCA of the embedding", Projection.pca(x), labels, fresh, false),
              width,
              height,
              file);
      case TSNE ->
          Png.write(
              scatter("t-SNE of the embedding", Tsne.embed(x, 30, 500, seed), labels, fresh, false),
              width,
              height,
              file);
      case RAW -> {
        if (d == 2) {
          double[][] xy = new double[x.length][];
          for (int i = 0; i < x.length; i++) {
            xy[i] = new double[] {x[i][0], x[i][1]};
          }
          Png.write(scatter("The unit circle", xy, labels, fresh, true), width, height, file);
        } else if (d == 3) {
          Png.write(sphere(x, labels, fresh, width, height), file);
        } else {
          throw new InvalidOptionException(
              "the raw view needs a 2- or 3-dimensional embedding (train with {embeddingDim}"
                  + " 2 or 3); this one has "
                  + d
                  + " dimensions: use PCA or t-SNE");
        }
      }
      default -> throw new AssertionError();
    }
    return new Result(file, x.length, note);
  }

  /** Up to {@code max} row indices, each class keeping its share, seeded; ascending. */
  static int[] sample(List<String> labels, int max, long seed) {
    Map<String, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      byClass.computeIfAbsent(labels.get(i), l -> new ArrayList<>()).add(i);
    }
    Random random = new Random(seed);
    List<Integer> keep = new ArrayList<>();
    for (List<Integer> rows : byClass.values()) {
      Collections.shuffle(rows, random);
      int share = (int) Math.max(1, Math.floor((double) max * rows.size() / labels.size()));
      keep.addAll(rows.subList(0, Math.min(share, rows.size())));
    }
    return keep.stream().mapToInt(Integer::intValue).sorted().limit(max).toArray();
  }

  static JFreeChart scatter(
      String title, double[][] xy, List<String> labels, Set<String> fresh, boolean unitCircle) {
    return scatter(title, xy, labels, new ArrayList<>(new TreeSet<>(labels)), fresh, unitCircle);
  }

  /** One series per class of {@code order} (so colours agree between charts). */
  static JFreeChart scatter(
      String title,
      double[][] xy,
      List<String> labels,
      List<String> order,
      Set<String> fresh,
      boolean unitCircle) {
    Map<String, XYSeries> series = new LinkedHashMap<>();
    for (String c : order) {
      series.put(c, new XYSeries(fresh.contains(c) ? c + " (enrolled, not trained)" : c, false));
    }
    for (int i = 0; i < xy.length; i++) {
      series.get(labels.get(i)).add(xy[i][0], xy[i][1]);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart =
        ChartFactory.createScatterPlot(
            title, null, null, data, PlotOrientation.VERTICAL, true, false, false);
    Style.apply(chart);
    XYPlot plot = chart.getXYPlot();
    XYItemRenderer r = plot.getRenderer();
    Shape dot = new Ellipse2D.Double(-2.5, -2.5, 5, 5);
    Shape cross = ShapeUtils.createDiagonalCross(3.5f, 0.8f);
    for (int i = 0; i < order.size(); i++) {
      r.setSeriesShape(i, fresh.contains(order.get(i)) ? cross : dot);
    }
    if (unitCircle) {
      plot.getDomainAxis().setRange(-1.15, 1.15);
      plot.getRangeAxis().setRange(-1.15, 1.15);
      plot.addAnnotation(
          new XYShapeAnnotation(
              new Ellipse2D.Double(-1, -1, 2, 2), new BasicStroke(1f), new Color(0x888888)));
    }
    return chart;
  }

  private static BufferedImage sphere(
      float[][] x, List<String> labels, Set<String> fresh, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    for (int side = 0; side < 2; side++) {
      List<double[]> xy = new ArrayList<>();
      List<String> ls = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        boolean front = x[i][2] >= 0;
        if (front == (side == 0)) {
          // seen from -z the x axis is mirrored
          xy.add(new double[] {side == 0 ? x[i][0] : -x[i][0], x[i][1]});
          ls.add(labels.get(i));
        }
      }
      String title = side == 0 ? "Unit sphere, z ≥ 0 (seen from +z)" : "z < 0 (seen from −z)";
      JFreeChart chart =
          scatter(
              title,
              xy.toArray(new double[0][]),
              ls,
              new ArrayList<>(new TreeSet<>(labels)),
              fresh,
              true);
      chart.draw(g, new Rectangle2D.Double(side * width / 2.0, 0, width / 2.0, height));
    }
    g.dispose();
    return out;
  }
}
