package org.arcmetric.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.arcmetric.classify.Prediction;
import org.arcmetric.eval.ConfusionMatrix;
import org.arcmetric.eval.EmbeddedSet;
import org.arcmetric.eval.EvalReport;
import org.arcmetric.eval.FewShotProtocol;
import org.arcmetric.eval.MetricRows;
import org.arcmetric.eval.MetricSuite;
import org.arcmetric.eval.ReportMetrics;
import org.arcmetric.eval.Roc;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;

/**
 * Writes the evaluation report of a model, a gallery and labelled queries into a folder: {@code
 * index.html} (model summary, metric tables, every picture), the PNGs beside it, and {@code
 * metrics.json} with the same numbers as {@code evaluate --json}. When the queries hold classes the
 * model was not trained on and the gallery has images of them, the few-shot table (k = 1, 5, 10,
 * five draws each) is added: the product's central claim, measured.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * What the report is about.
   *
   * @param modelDir the model folder (for {@code train-log.jsonl})
   * @param queryImage the picture of query row i (for the neighbour grid), or null if unknown
   * @param galleryImage the picture of a gallery neighbour, or null if it cannot be read back
   * @param baselineReference the reference as raw-pixel vectors (same rows), or null
   * @param baselineQueries the queries as raw-pixel vectors (same rows), or null
   */
  public record Input(
      ModelInfo info,
      Path modelDir,
      String galleryDescription,
      String queryDescription,
      EmbeddedSet reference,
      EmbeddedSet queries,
      MetricSuite.Options options,
      IntFunction<BufferedImage> queryImage,
      Function<Neighbour, BufferedImage> galleryImage,
      int tsnePoints,
      int gridQueries,
      EmbeddedSet baselineReference,
      EmbeddedSet baselineQueries) {}

  /**
   * @param index the page
   * @param notes what the reader should know (sampling), also printed in the page
   */
  public record Output(Path index, MetricSuite.Result metrics, List<String> notes) {}

  /**
   * Measures with {@link ReportMetrics#measure}, then renders: for callers that need only the page.
   */
  public static Output write(Input in, Path dir) throws IOException {
    return write(
        in,
        ReportMetrics.measure(
            in.reference(),
            in.queries(),
            in.info().classes(),
            in.options(),
            in.baselineReference(),
            in.baselineQueries()),
        dir);
  }

  /** Renders {@code m} (measured on {@code in}'s sets) into {@code dir}. */
  public static Output write(Input in, ReportMetrics m, Path dir) throws IOException {
    Files.createDirectories(dir);
    MetricSuite.Result s = m.model();
    MetricSuite.Result base = m.baseline();
    List<FewShotProtocol.Row> fewShot = m.fewShot();
    List<FewShotProtocol.Row> baseFewShot = m.baselineFewShot();
    List<String> fresh = m.newClasses();
    List<String> notes = new ArrayList<>(m.notes());
    ModelFolder.writeJsonAtomically(dir.resolve("metrics.json"), m.json());

    HtmlReport page = new HtmlReport("arcmetric report");
    modelSection(page, in);
    metricSections(page, in, s, base, fewShot, baseFewShot, fresh);

    page.section("Pictures");
    Path log = in.modelDir().resolve(ModelFolder.LOG_FILE);
    if (Files.isRegularFile(log)) {
      for (Map.Entry<String, Path> e : TrainingCurves.write(log, dir, 640, 360).entrySet()) {
        page.figure(e.getValue().getFileName().toString(), e.getKey() + ", per epoch.");
      }
    } else {
      notes.add("no training log in " + in.modelDir() + ": no training curves");
    }
    float[][] q = in.queries().vectors();
    List<String> labels = in.queries().labels();
    EmbeddingPlot.write(
        EmbeddingPlot.Method.PCA, q, labels, fresh, q.length, 1, 700, 560, dir.resolve("pca.png"));
    page.figure(
        "pca.png",
        "The query embeddings projected on their two principal axes; crosses: classes the model"
            + " was not trained on.");
    if (q.length >= 4) {
      EmbeddingPlot.Result t =
          EmbeddingPlot.write(
              EmbeddingPlot.Method.TSNE,
              q,
              labels,
              fresh,
              in.tsnePoints(),
              in.options().seed(),
              700,
              560,
              dir.resolve("tsne.png"));
      if (t.note() != null) {
        notes.add(t.note());
      }
      page.figure(
          "tsne.png",
          "t-SNE of "
              + t.points()
              + " query embeddings (perplexity 30)"
              + (t.note() == null ? "." : "; " + t.note() + "."));
    }
    int d = q[0].length;
    if (d == 2 || d == 3) {
      EmbeddingPlot.write(
          EmbeddingPlot.Method.RAW,
          q,
          labels,
          fresh,
          q.length,
          1,
          1000,
          500,
          dir.resolve("raw.png"));
      page.figure(
          "raw.png", "The embeddings as they are, on the unit " + (d == 2 ? "circle." : "sphere."));
    }
    ConfusionHeatmap.write(
        s.classification().confusion(),
        Math.max(500, 60 * s.classification().confusion().classes().size() + 200),
        Math.max(400, 40 * s.classification().confusion().classes().size() + 200),
        dir.resolve("confusion.png"));
    page.figure(
        "confusion.png",
        "Confusion matrix of the gallery classifier; the last column counts unknown answers.");
    Map<String, Roc> curves = new LinkedHashMap<>();
    if (s.verification() != null) {
      curves.put("verification, image pairs", s.verification().roc());
    }
    if (s.openSet() != null) {
      curves.put("open set, known vs unknown queries", s.openSet().roc());
    }
    if (!curves.isEmpty()) {
      MetricCharts.roc("ROC", curves, 560, 500, dir.resolve("roc.png"));
      page.figure("roc.png", "ROC curves: true accept rate against false accept rate.");
    }
    if (s.openSet() != null) {
      MetricCharts.openSetTradeOff(s.openSet(), 700, 420, dir.resolve("open-set.png"));
      page.figure(
          "open-set.png",
          "Open set: the share of known-class queries accepted and classified right, and of"
              + " unknown-class queries rejected, as the unknown threshold moves; the line is the"
              + " threshold reported above.");
    }
    if (s.verification() != null) {
      double threshold =
          Float.isInfinite(in.options().threshold())
              ? s.verification().roc().eerThreshold()
              : in.options().threshold();
      MetricCharts.similarityHistogram(
          s.verification().sameScores(),
          s.verification().differentScores(),
          threshold,
          800,
          360,
          dir.resolve("similarities.png"));
      page.figure(
          "similarities.png",
          String.format(
              Locale.ROOT,
              "Cosine similarity of same-class and different-class query pairs; the line is the %s"
                  + " threshold %.3f.",
              Float.isInfinite(in.options().threshold()) ? "equal-error-rate" : "chosen",
              threshold));
    }
    if (in.queryImage() != null && in.gridQueries() > 0) {
      NeighbourGrid.write(grid(in, s.predictions()), 56, dir.resolve("neighbours.png"));
      page.figure(
          "neighbours.png",
          "Queries (left) and their nearest gallery images with label and cosine similarity; red:"
              + " another class, green: the query's class. Half of the queries shown were"
              + " misclassified (when there are that many), drawn at random.");
    }
    if (!notes.isEmpty()) {
      page.section("Notes");
      for (String n : notes) {
        page.paragraph(n);
      }
    }
    return new Output(page.write(dir), s, notes);
  }

  private static void modelSection(HtmlReport page, Input in) {
    ModelInfo info = in.info();
    page.section("Model");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model folder", in.modelDir().toString()));
    rows.add(List.of("backbone", info.backbone()));
    if (info.backboneFile() != null) {
      ModelInfo.BackboneFile f = info.backboneFile();
      rows.add(
          List.of(
              "backbone file",
              (f.path() == null ? "" : f.path() + ", ")
                  + f.features()
                  + " features, "
                  + f.sha256()));
    }
    rows.add(List.of("embedding dimension", Integer.toString(info.embeddingDim())));
    rows.add(List.of("gallery features", info.featureSpec().label()));
    rows.add(
        List.of(
            "input",
            info.input().channels()
                + " × "
                + info.input().height()
                + " × "
                + info.input().width()));
    rows.add(List.of("loss", info.loss() == null ? "?" : info.loss().toString()));
    rows.add(List.of("trained classes", String.join(", ", info.classes())));
    if (info.training() != null) {
      rows.addAll(info.training().reportRows());
    }
    rows.add(List.of("fingerprint", String.valueOf(info.fingerprint())));
    page.table(List.of("", ""), rows);
    page.paragraph(
        "Gallery: "
            + in.galleryDescription()
            + " ("
            + in.reference().size()
            + " entries of "
            + in.reference().classes().size()
            + " classes). Queries: "
            + in.queryDescription()
            + " ("
            + in.queries().size()
            + " images of "
            + in.queries().classes().size()
            + " classes). Classifier: "
            + in.options().mode().name().toLowerCase(Locale.ROOT)
            + (in.options().mode().name().equals("KNN") ? ", k = " + in.options().k() : "")
            + (Float.isInfinite(in.options().threshold())
                ? ", no unknown threshold."
                : ", unknown below " + in.options().threshold() + "."));
  }

  private static void metricSections(
      HtmlReport page,
      Input in,
      MetricSuite.Result s,
      MetricSuite.Result base,
      List<FewShotProtocol.Row> fewShot,
      List<FewShotProtocol.Row> baseFewShot,
      List<String> fresh) {
    page.section("Summary");
    List<List<String>> summary = summaryRows(s);
    if (base == null) {
      page.table(List.of("metric", "value"), summary);
    } else {
      Map<String, String> raw = new HashMap<>();
      for (List<String> row : summaryRows(base)) {
        raw.put(row.get(0), row.get(1));
      }
      List<List<String>> both = new ArrayList<>();
      for (List<String> row : summary) {
        both.add(List.of(row.get(0), row.get(1), raw.getOrDefault(row.get(0), "not measured")));
      }
      page.table(List.of("metric", "model", "raw pixels (baseline)"), both);
      page.paragraph(
          "Raw pixels: each image at the model's input size, minus its own mean, L2-normalised,"
              + " with no training, on the same gallery and queries and the same classifier"
              + " (without threshold). The model is worth using where it beats this column.");
    }
    metricTables(page, in, s, fewShot, baseFewShot, fresh);
  }

  /** The summary metrics as (name, value) rows: {@link MetricRows}, the list evaluate prints. */
  private static List<List<String>> summaryRows(MetricSuite.Result s) {
    List<List<String>> rows = new ArrayList<>();
    for (MetricRows.Row r : MetricRows.summary(s)) {
      rows.add(List.of(r.name(), r.value()));
    }
    return rows;
  }

  private static void metricTables(
      HtmlReport page,
      Input in,
      MetricSuite.Result s,
      List<FewShotProtocol.Row> fewShot,
      List<FewShotProtocol.Row> baseFewShot,
      List<String> fresh) {
    EvalReport r = s.classification();
    ConfusionMatrix c = r.confusion();
    page.paragraph(
        "Retrieval metrics follow Musgrave et al., \"A Metric Learning Reality Check\" (2020);"
            + " Recall@K is the fraction of queries with a same-class entry among the K nearest."
            + " Verification uses pairs of query images; open set treats queries of classes absent"
            + " from the gallery as unknown.");

    if (!fewShot.isEmpty()) {
      page.section("New classes without retraining");
      page.paragraph(
          "Classes the model never saw, "
              + fresh
              + ", enrolled with k gallery images each (mean ± sd over 5 random draws), beside the"
              + " trained classes' entries.");
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < fewShot.size(); i++) {
        FewShotProtocol.Row row = fewShot.get(i);
        rows.add(fewShotRow("model", row));
        if (i < baseFewShot.size()) {
          rows.add(fewShotRow("raw pixels", baseFewShot.get(i)));
        }
      }
      page.table(List.of("k", "features", "new classes", "trained classes", "all"), rows);
    }

    page.section("Per class");
    List<List<String>> rows = new ArrayList<>();
    r.perClass()
        .forEach(
            (l, a) ->
                rows.add(
                    List.of(
                        l + (in.info().classes().contains(l) ? "" : " (not trained)"),
                        Integer.toString(a.count()),
                        f(a.accuracy()),
                        f(c.precision(l)),
                        f(c.recall(l)))));
    page.table(List.of("class", "images", "accuracy", "precision", "recall"), rows);
  }

  private static List<String> fewShotRow(String what, FewShotProtocol.Row row) {
    return List.of(
        Integer.toString(row.shots()),
        what,
        f(row.newMean()) + " ± " + f(row.newSd()),
        f(row.trainedMean()) + " ± " + f(row.trainedSd()),
        f(row.allMean()) + " ± " + f(row.allSd()));
  }

  private static List<List<NeighbourGrid.Tile>> grid(Input in, List<Prediction> predictions) {
    List<Integer> wrong = new ArrayList<>();
    List<Integer> right = new ArrayList<>();
    for (int i = 0; i < predictions.size(); i++) {
      Prediction p = predictions.get(i);
      (in.queries().labels().get(i).equals(p.label()) ? right : wrong).add(i);
    }
    Random random = new Random(in.options().seed());
    Collections.shuffle(wrong, random);
    Collections.shuffle(right, random);
    int n = Math.min(in.gridQueries(), predictions.size());
    List<Integer> shown = new ArrayList<>(wrong.subList(0, Math.min(wrong.size(), n / 2)));
    shown.addAll(right.subList(0, Math.min(right.size(), n - shown.size())));
    if (shown.size() < n) {
      shown.addAll(
          wrong.subList(
              Math.min(wrong.size(), n / 2), Math.min(wrong.size(), n / 2 + n - shown.size())));
    }
    List<List<NeighbourGrid.Tile>> rows = new ArrayList<>();
    for (int i : shown) {
      String truth = in.queries().labels().get(i);
      Prediction p = predictions.get(i);
      List<NeighbourGrid.Tile> row = new ArrayList<>();
      row.add(
          new NeighbourGrid.Tile(
              in.queryImage().apply(i),
              truth + "\n→ " + (p.unknown() ? "unknown" : p.label()),
              null));
      for (Neighbour nb : p.neighbours()) {
        row.add(
            new NeighbourGrid.Tile(
                in.galleryImage().apply(nb),
                nb.label() + "\n" + String.format(Locale.ROOT, "%.3f", nb.score()),
                truth.equals(nb.label())));
      }
      rows.add(row);
    }
    return rows;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
