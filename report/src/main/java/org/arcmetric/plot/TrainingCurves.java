package org.arcmetric.plot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arcmetric.model.ModelFolder;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves from a model folder's {@code train-log.jsonl} (one JSON object per epoch): loss,
 * accuracies (train, validation, held-out new classes), learning rate, and — for margin heads — the
 * mean angle to the own class centre and to the nearest other centre, in degrees. A chart whose
 * keys are absent from the log is not drawn.
 */
public final class TrainingCurves {
  private TrainingCurves() {}

  /** Chart file name → the log keys it plots and its title and axis label. */
  record Chart(String file, String title, String axis, Map<String, String> series) {}

  static final List<Chart> CHARTS =
      List.of(
          new Chart("loss.png", "Training loss", "loss", Map.of("train_loss", "train loss")),
          new Chart(
              "accuracy.png",
              "Accuracy",
              "accuracy",
              ordered(
                  "train_accuracy", "train (head)",
                  "val_accuracy", "validation (k-NN)",
                  "val_new_class_accuracy", "held-out classes (k-NN)")),
          new Chart(
              "learning-rate.png",
              "Learning rate",
              "learning rate",
              Map.of("learning_rate", "learning rate")),
          new Chart(
              "angles.png",
              "Angles to class centres",
              "degrees",
              ordered(
                  "mean_target_angle_deg", "own class centre",
                  "mean_nearest_other_angle_deg", "nearest other centre")));

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Reads the log's epoch records, in file order. */
  public static List<JsonNode> read(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      throw new IOException(log + " does not exist: train the model first");
    }
    List<JsonNode> out = new ArrayList<>();
    int line = 0;
    for (String s : Files.readAllLines(log)) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      try {
        out.add(ModelFolder.JSON.readTree(s));
      } catch (IOException e) {
        throw new IOException(log + " line " + line + " is not JSON: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Draws every chart the log has data for into {@code dir}.
   *
   * @return chart title → file written
   */
  public static Map<String, Path> write(Path log, Path dir, int width, int height)
      throws IOException {
    List<JsonNode> epochs = read(log);
    Map<String, Path> written = new LinkedHashMap<>();
    for (Chart c : CHARTS) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (Map.Entry<String, String> s : c.series().entrySet()) {
        XYSeries series = new XYSeries(s.getValue());
        for (JsonNode e : epochs) {
          JsonNode v = e.get(s.getKey());
          if (v != null && v.isNumber() && e.has("epoch")) {
            series.add(e.get("epoch").asDouble(), v.asDouble());
          }
        }
        if (series.getItemCount() > 0) {
          data.addSeries(series);
        }
      }
      if (data.getSeriesCount() == 0) {
        continue;
      }
      JFreeChart chart =
          ChartFactory.createXYLineChart(
              c.title(), "epoch", c.axis(), data, PlotOrientation.VERTICAL, true, false, false);
      XYPlot plot = chart.getXYPlot();
      plot.setRenderer(new XYLineAndShapeRenderer(true, true));
      ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis())
          .setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
      ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
      Style.apply(chart);
      written.put(c.title(), Png.write(chart, width, height, dir.resolve(c.file())));
    }
    return written;
  }
}
