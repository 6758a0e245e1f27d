package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary metrics of one {@link MetricSuite.Result} as named rows with formatted values (four
 * decimals): the one list that the {@code evaluate} text, the HTML report's summary table and its
 * model-beside-baseline table are all made from. A metric that was not computed (no retrieval, no
 * verification pairs, no unknown queries) has no row. The JSON keys are {@link MetricsJson}'s.
 * Stateless.
 */
public final class MetricRows {
  private MetricRows() {}

  /** One summary metric: what it is, and its value as shown. */
  public record Row(String name, String value) {}

  /** The rows of {@code s}, in the order they are shown. */
  public static List<Row> summary(MetricSuite.Result s) {
    List<Row> rows = new ArrayList<>();
    EvalReport r = s.classification();
    if (r != null) {
      ConfusionMatrix c = r.confusion();
      rows.add(new Row("accuracy (top-1)", f(r.accuracy())));
      rows.add(new Row("top-5 accuracy", f(r.top5Accuracy())));
      rows.add(new Row("unknown answers", Integer.toString(r.unknown())));
      rows.add(
          new Row("macro precision / recall", f(c.macroPrecision()) + " / " + f(c.macroRecall())));
      rows.add(
          new Row("micro precision / recall", f(c.microPrecision()) + " / " + f(c.microRecall())));
    }
    if (s.retrieval() != null) {
      rows.add(new Row("retrieval queries", Integer.toString(s.retrieval().queries())));
      rows.add(new Row("Precision@1", f(s.retrieval().precisionAt1())));
      rows.add(new Row("R-Precision", f(s.retrieval().rPrecision())));
      rows.add(new Row("MAP@R", f(s.retrieval().mapAtR())));
      s.retrieval().recallAtK().forEach((k, v) -> rows.add(new Row("Recall@" + k, f(v))));
    }
    rows.add(
        new Row("NMI / AMI (k-means)", f(s.clustering().nmi()) + " / " + f(s.clustering().ami())));
    if (s.verification() != null) {
      Roc roc = s.verification().roc();
      rows.add(
          new Row(
              "verification pairs (same / different)", roc.positives() + " / " + roc.negatives()));
      rows.add(new Row("verification ROC AUC", f(roc.auc())));
      rows.add(
          new Row(
              "verification EER (threshold)", f(roc.eer()) + " (" + f(roc.eerThreshold()) + ")"));
      for (double far : Roc.DEFAULT_FARS) {
        Roc.Point p = roc.atFar(far);
        rows.add(
            new Row(
                "TAR at FAR " + Roc.farKey(far) + " (threshold)",
                f(p.tar()) + " (" + f(p.threshold()) + ")"));
      }
    }
    if (s.openSet() != null) {
      OpenSetMetrics o = s.openSet();
      rows.add(
          new Row(
              "open-set queries (known / unknown)",
              o.roc().positives() + " / " + o.roc().negatives()));
      rows.add(new Row("open-set AUROC", f(o.roc().auc())));
      rows.add(
          new Row(
              "at threshold " + f(o.threshold()) + ": known accuracy / unknown rejection",
              f(o.knownAccuracy()) + " / " + f(o.unknownRejection())));
    }
    return rows;
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
