package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics as JSON-ready maps with stable snake_case keys, so scripts can rely on them: {@code
 * images}, {@code accuracy}, {@code top5_accuracy}, {@code unknown}, {@code macro_precision},
 * {@code macro_recall}, {@code micro_precision}, {@code micro_recall}, {@code per_class}, {@code
 * confusion}, {@code precision_at_1}, {@code r_precision}, {@code map_at_r}, {@code recall_at_k},
 * {@code nmi}, {@code ami}, {@code roc_auc}, {@code eer}, {@code eer_threshold}, {@code
 * tar_at_far}, {@code open_set_auroc}, {@code open_set}. A key whose metric could not be computed
 * (no verification pairs, no unknown queries) is absent.
 */
public final class MetricsJson {
  private MetricsJson() {}

  public static Map<String, Object> classification(EvalReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", r.images());
    m.put("accuracy", r.accuracy());
    m.put("top5_accuracy", r.top5Accuracy());
    m.put("unknown", r.unknown());
    ConfusionMatrix c = r.confusion();
    m.put("macro_precision", c.macroPrecision());
    m.put("macro_recall", c.macroRecall());
    m.put("micro_precision", c.microPrecision());
    m.put("micro_recall", c.microRecall());
    Map<String, Object> per = new LinkedHashMap<>();
    r.perClass()
        .forEach(
            (l, a) -> {
              Map<String, Object> e = new LinkedHashMap<>();
              e.put("count", a.count());
              e.put("accuracy", a.accuracy());
              e.put("precision", c.precision(l));
              e.put("recall", c.recall(l));
              per.put(l, e);
            });
    m.put("per_class", per);
    Map<String, Object> confusion = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>(c.classes());
    columns.add("unknown");
    confusion.put("columns", columns);
    Map<String, Object> rows = new LinkedHashMap<>();
    int[][] counts = c.counts();
    for (int i = 0; i < c.classes().size(); i++) {
      if (r.perClass().containsKey(c.classes().get(i))) {
        rows.put(c.classes().get(i), counts[i]);
      }
    }
    confusion.put("rows", rows);
    m.put("confusion", confusion);
    return m;
  }

  public static Map<String, Object> suite(MetricSuite.Result s) {
    Map<String, Object> m =
        s.classification() == null ? new LinkedHashMap<>() : classification(s.classification());
    if (s.retrieval() != null) {
      m.put("retrieval_queries", s.retrieval().queries());
      m.put("precision_at_1", s.retrieval().precisionAt1());
      m.put("r_precision", s.retrieval().rPrecision());
      m.put("map_at_r", s.retrieval().mapAtR());
      Map<String, Double> recall = new LinkedHashMap<>();
      s.retrieval().recallAtK().forEach((k, v) -> recall.put(Integer.toString(k), v));
      m.put("recall_at_k", recall);
    }
    m.put("nmi", s.clustering().nmi());
    m.put("ami", s.clustering().ami());
    if (s.verification() != null) {
      Roc roc = s.verification().roc();
      m.put("verification_pairs", Map.of("same", roc.positives(), "different", roc.negatives()));
      m.put("roc_auc", roc.auc());
      m.put("eer", roc.eer());
      m.put("eer_threshold", roc.eerThreshold());
      m.put("tar_at_far", roc.tarAtFar(Roc.DEFAULT_FARS));
    }
    if (s.openSet() != null) {
      OpenSetMetrics o = s.openSet();
      m.put("open_set_auroc", o.roc().auc());
      Map<String, Object> os = new LinkedHashMap<>();
      os.put("known_queries", o.roc().positives());
      os.put("unknown_queries", o.roc().negatives());
      os.put("threshold", o.threshold());
      os.put("known_accuracy", o.knownAccuracy());
      os.put("unknown_rejection", o.unknownRejection());
      List<Map<String, Double>> curve = new ArrayList<>();
      for (OpenSetMetrics.Operating op : o.tradeOff()) {
        Map<String, Double> point = new LinkedHashMap<>();
        point.put("threshold", op.threshold());
        point.put("known_accuracy", op.knownAccuracy());
        point.put("unknown_rejection", op.unknownRejection());
        curve.add(point);
      }
      os.put("trade_off", curve);
      m.put("open_set", os);
    }
    return m;
  }

  public static List<Map<String, Object>> fewShot(List<FewShotProtocol.Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (FewShotProtocol.Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shots", r.shots());
      m.put("draws", r.draws());
      m.put("accuracy_new_classes", r.newMean());
      m.put("accuracy_new_classes_sd", r.newSd());
      m.put("accuracy_trained_classes", r.trainedMean());
      m.put("accuracy_trained_classes_sd", r.trainedSd());
      m.put("accuracy_all", r.allMean());
      m.put("accuracy_all_sd", r.allSd());
      out.add(m);
    }
    return out;
  }
}
