package org.arcmetric.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.arcmetric.eval.ConfusionMatrix;
import org.arcmetric.eval.OpenSetMetrics;
import org.arcmetric.eval.Roc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every picture is a PNG of the requested size with more than a blank background. */
class PlotTest {
  @TempDir Path dir;

  static void assertPicture(Path file, int width, int height) throws IOException {
    assertThat(file).exists();
    byte[] head = Files.readAllBytes(file);
    assertThat(head[1]).isEqualTo((byte) 'P'); // \x89PNG
    BufferedImage img = ImageIO.read(file.toFile());
    assertThat(img).as("%s decodes", file).isNotNull();
    if (width > 0) {
      assertThat(img.getWidth()).isEqualTo(width);
      assertThat(img.getHeight()).isEqualTo(height);
    }
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours in %s", file).isGreaterThan(5);
  }

  /** Three classes along three axes of R^d, with noise, unit length. */
  static float[][] clusters(int perClass, int d, List<String> labels, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[3 * perClass][d];
    for (int i = 0; i < x.length; i++) {
      int c = i / perClass;
      double norm = 0;
      for (int j = 0; j < d; j++) {
        x[i][j] = (j == c ? 1 : 0) + 0.15f * (float) r.nextGaussian();
        norm += x[i][j] * x[i][j];
      }
      for (int j = 0; j < d; j++) {
        x[i][j] /= (float) Math.sqrt(norm);
      }
      labels.add("class " + c);
    }
    return x;
  }

  @Test
  void trainingCurvesFromALog() throws IOException {
    Path log = dir.resolve("train-log.jsonl");
    Files.writeString(
        log,
        "{\"epoch\":1,\"train_loss\":5.0,\"train_accuracy\":0.4,\"learning_rate\":0.001,"
            + "\"val_accuracy\":0.8,\"mean_target_angle_deg\":50,\"mean_nearest_other_angle_deg\":70}\n"
            + "{\"epoch\":2,\"train_loss\":3.0,\"train_accuracy\":0.6,\"learning_rate\":0.0005,"
            + "\"val_accuracy\":0.85,\"mean_target_angle_deg\":40,\"mean_nearest_other_angle_deg\":75}\n");
    Map<String, Path> files = TrainingCurves.write(log, dir, 500, 300);
    assertThat(files).hasSize(4);
    for (Path f : files.values()) {
      assertPicture(f, 500, 300);
    }
    Files.writeString(log, "{\"epoch\":1,\"train_loss\":5.0}\nnot json\n");
    assertThatThrownBy(() -> TrainingCurves.write(log, dir, 500, 300))
        .hasMessageContaining("line 2 is not JSON");
  }

  @Test
  void projectionsAndRawViews() throws IOException {
    List<String> labels = new ArrayList<>();
    float[][] x = clusters(40, 16, labels, 1);
    for (EmbeddingPlot.Method m : List.of(EmbeddingPlot.Method.PCA, EmbeddingPlot.Method.TSNE)) {
      EmbeddingPlot.Result r =
          EmbeddingPlot.write(
              m, x, labels, List.of("class 2"), 2000, 1, 600, 500, dir.resolve(m + ".png"));
      assertPicture(r.file(), 600, 500);
      assertThat(r.note()).isNull();
    }
    EmbeddingPlot.Result sampled =
        EmbeddingPlot.write(
            EmbeddingPlot.Method.TSNE, x, labels, List.of(), 60, 1, 400, 400, dir.resolve("s.png"));
    assertThat(sampled.points()).isEqualTo(60);
    assertThat(sampled.note()).contains("60 of 120 points");
    for (int d : new int[] {2, 3}) {
      List<String> l = new ArrayList<>();
      float[][] raw = clusters(30, d, l, 2);
      EmbeddingPlot.Result r =
          EmbeddingPlot.write(
              EmbeddingPlot.Method.RAW,
              raw,
              l,
              List.of(),
              2000,
              1,
              800,
              400,
              dir.resolve("raw" + d + ".png"));
      assertPicture(r.file(), 800, 400);
    }
    assertThatThrownBy(
            () ->
                EmbeddingPlot.write(
                    EmbeddingPlot.Method.RAW,
                    x,
                    labels,
                    List.of(),
                    10,
                    1,
                    10,
                    10,
                    dir.resolve("x.png")))
        .hasMessageContaining("train with embeddingDim 2 or 3");
  }

  @Test
  void pcaFindsTheLongAxis() {
    Random r = new Random(3);
    float[][] x = new float[200][3];
    for (float[] p : x) {
      double t = r.nextGaussian();
      p[0] = (float) (2 * t + 0.01 * r.nextGaussian());
      p[1] = (float) (t + 0.01 * r.nextGaussian());
      p[2] = (float) (0.3 * r.nextGaussian());
    }
    double[][] y = Projection.pca(x);
    // the first coordinate is t·√5 up to sign; the second has the 0.3 noise
    double var0 = 0;
    double var1 = 0;
    for (double[] p : y) {
      var0 += p[0] * p[0] / y.length;
      var1 += p[1] * p[1] / y.length;
    }
    assertThat(var0).isBetween(3.5, 6.5);
    assertThat(var1).isBetween(0.05, 0.15);
  }

  @Test
  void tsneKeepsClustersApart() {
    List<String> labels = new ArrayList<>();
    float[][] x = clusters(30, 10, labels, 4);
    double[][] y = Tsne.embed(x, 15, 300, 7);
    int right = 0;
    for (int i = 0; i < y.length; i++) {
      int best = -1;
      double bestD = Double.POSITIVE_INFINITY;
      for (int j = 0; j < y.length; j++) {
        double d = Math.hypot(y[i][0] - y[j][0], y[i][1] - y[j][1]);
        if (j != i && d < bestD) {
          bestD = d;
          best = j;
        }
      }
      right += labels.get(best).equals(labels.get(i)) ? 1 : 0;
    }
    assertThat(right).isGreaterThanOrEqualTo(88); // 1-NN in the plane, of 90
    assertThat(Tsne.embed(x, 15, 300, 7)).isDeepEqualTo(y); // seeded
  }

  @Test
  void heatmapRocHistogramAndGrid() throws IOException {
    ConfusionMatrix m =
        ConfusionMatrix.of(
            List.of("a", "a", "b", "b", "c", "c"), Arrays.asList("a", "b", "b", null, "c", "a"));
    assertPicture(ConfusionHeatmap.write(m, 500, 400, dir.resolve("cm.png")), 500, 400);
    Roc roc =
        Roc.of(new float[] {0.9f, 0.8f, 0.7f, 0.6f}, new boolean[] {true, false, true, false});
    assertPicture(
        MetricCharts.roc("ROC", Map.of("pairs", roc), 400, 400, dir.resolve("roc.png")), 400, 400);
    OpenSetMetrics open =
        OpenSetMetrics.of(
            new float[] {0.9f, 0.8f, 0.3f},
            new boolean[] {true, false, true},
            new float[] {0.5f, 0.2f},
            0.6);
    assertPicture(MetricCharts.openSetTradeOff(open, 500, 300, dir.resolve("os.png")), 500, 300);
    float[] same = {0.9f, 0.8f, 0.85f, 0.7f};
    float[] diff = {0.1f, -0.2f, 0.3f, 0.0f, 0.2f};
    assertPicture(
        MetricCharts.similarityHistogram(same, diff, 0.5, 600, 300, dir.resolve("h.png")),
        600,
        300);
    BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    digit.getRaster().setSample(10, 10, 0, 255);
    List<List<NeighbourGrid.Tile>> rows =
        List.of(
            List.of(
                new NeighbourGrid.Tile(digit, "query\nBag", null),
                new NeighbourGrid.Tile(digit, "Bag\n0.93", true),
                new NeighbourGrid.Tile(null, "Coat\n0.90", false)));
    Path grid = NeighbourGrid.write(rows, 56, dir.resolve("grid.png"));
    assertPicture(grid, 0, 0);
    BufferedImage g = ImageIO.read(grid.toFile());
    assertThat(g.getWidth()).isGreaterThan(3 * 56);
    assertThat(dir.toFile().list()).noneMatch(n -> n.endsWith(".tmp"));
  }
}
