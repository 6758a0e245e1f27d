package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Everything a report shows, measured: the metric suite of the model's gallery against the queries;
 * when the queries hold classes the model was not trained on and the gallery has images of them,
 * the few-shot rows (k = 1, 5, 10 as the gallery allows, five draws each); and the same for the
 * raw-pixel baseline on the same rows when given. The report only renders this. Immutable.
 *
 * @param model the model's metric suite
 * @param fewShot the model's few-shot rows, or empty
 * @param baseline the baseline's suite (no threshold), or null
 * @param baselineFewShot the baseline's few-shot rows, or empty
 * @param newClasses the query classes the model was not trained on
 * @param notes what the reader should know about what was left out
 */
public record ReportMetrics(
    MetricSuite.Result model,
    List<FewShotProtocol.Row> fewShot,
    MetricSuite.Result baseline,
    List<FewShotProtocol.Row> baselineFewShot,
    List<String> newClasses,
    List<String> notes) {
  /** Draws per shot count of the few-shot table. */
  public static final int DRAWS = 5;

  /**
   * Measures.
   *
   * @param trained the model's training classes
   * @param baselineReference the reference as raw-pixel vectors (same rows), or null
   * @param baselineQueries the queries as raw-pixel vectors (same rows), or null
   */
  public static ReportMetrics measure(
      EmbeddedSet reference,
      EmbeddedSet queries,
      List<String> trained,
      MetricSuite.Options options,
      EmbeddedSet baselineReference,
      EmbeddedSet baselineQueries) {
    MetricSuite.Result s = MetricSuite.run(reference, queries, options);
    List<String> fresh = new ArrayList<>(queries.classes());
    fresh.removeAll(trained);
    List<String> notes = new ArrayList<>();
    List<FewShotProtocol.Row> fewShot = fewShot(reference, queries, trained, options, fresh, notes);
    MetricSuite.Result base = null;
    List<FewShotProtocol.Row> baseFewShot = List.of();
    if (baselineReference != null && baselineQueries != null) {
      MetricSuite.Options raw = options.withoutThreshold();
      base = MetricSuite.run(baselineReference, baselineQueries, raw);
      if (!fewShot.isEmpty()) {
        baseFewShot =
            fewShot(baselineReference, baselineQueries, trained, options, fresh, new ArrayList<>());
      }
    } else {
      notes.add("no raw-pixel baseline: the gallery's images could not be read back");
    }
    return new ReportMetrics(s, fewShot, base, baseFewShot, List.copyOf(fresh), List.copyOf(notes));
  }

  /** As {@code metrics.json}: the keys of {@code evaluate --json}, plus {@code few_shot}. */
  public Map<String, Object> json() {
    Map<String, Object> json = MetricsJson.suite(model);
    if (!fewShot.isEmpty()) {
      json.put("few_shot", MetricsJson.fewShot(fewShot));
    }
    if (baseline != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", "pixels");
      b.putAll(MetricsJson.suite(baseline));
      if (!baselineFewShot.isEmpty()) {
        b.put("few_shot", MetricsJson.fewShot(baselineFewShot));
      }
      json.put("baseline", b);
    }
    return json;
  }

  private static List<FewShotProtocol.Row> fewShot(
      EmbeddedSet reference,
      EmbeddedSet queries,
      List<String> trained,
      MetricSuite.Options options,
      List<String> fresh,
      List<String> notes) {
    if (fresh.isEmpty()) {
      return List.of();
    }
    EmbeddedSet pool = reference.filter(fresh, true);
    int fewest = Integer.MAX_VALUE;
    for (String c : fresh) {
      fewest = Math.min(fewest, pool.filter(List.of(c), true).size());
    }
    int available = fewest;
    int[] shots = IntStream.of(1, 5, 10).filter(k -> k <= available).toArray();
    if (shots.length == 0) {
      notes.add(
          "the gallery has no images of the classes the model was not trained on "
              + fresh
              + ", so the few-shot table is left out");
      return List.of();
    }
    return FewShotProtocol.run(
        reference.filter(trained, true),
        pool,
        queries,
        fresh,
        shots,
        DRAWS,
        options.mode(),
        options.k(),
        options.prior(),
        options.seed());
  }
}
