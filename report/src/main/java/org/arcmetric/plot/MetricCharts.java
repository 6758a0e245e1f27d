package org.arcmetric.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.arcmetric.eval.OpenSetMetrics;
import org.arcmetric.eval.Roc;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** ROC curves and similarity histograms. */
public final class MetricCharts {
  private MetricCharts() {}

  /**
   * One curve per entry (name → ROC), TAR against FAR, with the AUC in the legend.
   *
   * @param title chart title
   */
  public static Path roc(String title, Map<String, Roc> curves, int width, int height, Path file)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, Roc> e : curves.entrySet()) {
      XYSeries s =
          new XYSeries(
              String.format(Locale.ROOT, "%s (AUC %.4f)", e.getKey(), e.getValue().auc()), false);
      for (Roc.Point p : e.getValue().points()) {
        s.add(p.far(), p.tar());
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        Style.lineChart(title, "false accept rate (FAR)", "true accept rate (TAR)", data);
    XYPlot plot = chart.getXYPlot();
    plot.getDomainAxis().setRange(0, 1);
    plot.getRangeAxis().setRange(0, 1.02);
    return Png.write(chart, width, height, file);
  }

  /**
   * The open-set trade-off: known-class accuracy and unknown-class rejection against the threshold,
   * with the operating threshold marked.
   */
  public static Path openSetTradeOff(OpenSetMetrics o, int width, int height, Path file)
      throws IOException {
    XYSeries known = new XYSeries("known classes: accepted and right");
    XYSeries rejected = new XYSeries("unknown classes: rejected");
    for (OpenSetMetrics.Operating p : o.tradeOff()) {
      known.add(p.threshold(), p.knownAccuracy());
      rejected.add(p.threshold(), p.unknownRejection());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(known);
    data.addSeries(rejected);
    JFreeChart chart =
        Style.lineChart(
            "Open set: accuracy and rejection by threshold",
            "threshold (cosine)",
            "fraction",
            data);
    chart.getXYPlot().getRangeAxis().setRange(0, 1.02);
    Style.threshold(chart.getXYPlot(), o.threshold());
    return Png.write(chart, width, height, file);
  }

  /**
   * Histograms of same-class and different-class cosine similarities (each normalised to its own
   * count), with a vertical line at {@code threshold} (skipped when NaN).
   */
  public static Path similarityHistogram(
      float[] same, float[] different, double threshold, int width, int height, Path file)
      throws IOException {
    HistogramDataset data = new HistogramDataset();
    data.setType(HistogramType.RELATIVE_FREQUENCY);
    data.addSeries("same class (" + same.length + " pairs)", toDouble(same), 60, -1, 1);
    data.addSeries(
        "different classes (" + different.length + " pairs)", toDouble(different), 60, -1, 1);
    JFreeChart chart =
        ChartFactory.createHistogram(
            "Cosine similarity of image pairs",
            "cosine similarity",
            "fraction of pairs",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    Style.apply(chart);
    XYPlot plot = chart.getXYPlot();
    plot.setForegroundAlpha(0.6f);
    ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
    ((XYBarRenderer) plot.getRenderer()).setDrawBarOutline(false);
    ((XYBarRenderer) plot.getRenderer())
        .setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    if (!Double.isNaN(threshold) && !Double.isInfinite(threshold)) {
      Style.threshold(plot, threshold);
    }
    return Png.write(chart, width, height, file);
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
