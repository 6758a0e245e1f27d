package org.arcmetric.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** One look for every chart: white background, light grid, a fixed qualitative palette. */
final class Style {
  private Style() {}

  /** Tableau-10, then darker variants, so up to 20 classes get distinct colours. */
  static final Color[] PALETTE = {
    new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2),
    new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7),
    new Color(0x9c755f), new Color(0xbab0ac), new Color(0x2b4a6b), new Color(0x8a4f12),
    new Color(0x7f2f30), new Color(0x3f6663), new Color(0x2f5a29), new Color(0x8a7420),
    new Color(0x5f3d5a), new Color(0x9c5960), new Color(0x5a4335), new Color(0x6b6562)
  };

  static Paint colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  static JFreeChart apply(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    if (chart.getPlot() instanceof XYPlot p) {
      p.setBackgroundPaint(Color.WHITE);
      p.setDomainGridlinePaint(new Color(0xdddddd));
      p.setRangeGridlinePaint(new Color(0xdddddd));
      p.setOutlinePaint(new Color(0x999999));
      for (int i = 0; i < p.getDataset().getSeriesCount(); i++) {
        p.getRenderer().setSeriesPaint(i, colour(i));
        p.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
      }
    }
    return chart;
  }

  /** A vertical XY line chart with a legend, in this style. */
  static JFreeChart lineChart(String title, String x, String y, org.jfree.data.xy.XYDataset data) {
    return apply(
        org.jfree.chart.ChartFactory.createXYLineChart(
            title, x, y, data, org.jfree.chart.plot.PlotOrientation.VERTICAL, true, false, false));
  }

  /** A labelled vertical line at threshold {@code t}. */
  static void threshold(XYPlot plot, double t) {
    org.jfree.chart.plot.ValueMarker m =
        new org.jfree.chart.plot.ValueMarker(t, Color.BLACK, new BasicStroke(1.5f));
    m.setLabel(String.format(Locale.ROOT, "threshold %.3f", t));
    m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(12, 50, 0, 0));
    plot.addDomainMarker(m);
  }
}
