package org.arcmetric.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.arcmetric.classify.CentroidClassifier;
import org.arcmetric.cli.Main;
import org.arcmetric.cli.RebuildCommand;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.SearchMode;
import org.arcmetric.gallery.SearchOptions;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.solr.LocalSolrProcess;
import org.arcmetric.solr.SolrGallery;
import org.arcmetric.solr.SolrLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric bench-solr}: the same synthetic clustered unit vectors in a local Lucene gallery
 * and in a SolrCloud gallery (an in-process 2-node cluster in a child JVM, or {@code --solr URL});
 * for each: load time, recall@10 of HNSW search (efSearch / topK = {@code --candidates}) against
 * the exact oracle, and queries/s with p50/p99 latency at each concurrency; and the share of
 * queries whose centroid-mode label is the same on both ({@code label_agreement}).
 *
 * <p>JSON contract ({@code --json}): {@code {"vectors":N,"shards":S,"label_agreement":A,
 * "local":{"recall_at_10":R,"qps":Q,...},"solr":{"recall_at_10":R,"qps":Q,...}}}, where {@code qps}
 * is the best over the concurrencies measured and {@code concurrency} holds each level.
 */
@Command(
    name = "bench-solr",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark a SolrCloud gallery beside the local one on the same synthetic vectors:"
            + " recall@10 against exact, queries/s and p50/p99 at several concurrencies.")
final class BenchSolrCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--vectors", defaultValue = "10000", paramLabel = "N")
  int vectors;

  @Option(names = "--shards", defaultValue = "2", paramLabel = "S")
  int shards;

  @Option(
      names = "--nodes",
      defaultValue = "2",
      description = "Nodes of the in-process cluster (default 2).")
  int nodes;

  @Option(
      names = "--solr",
      paramLabel = "URL",
      description =
          "A running SolrCloud's Solr root (http://HOST:PORT/solr) instead of the in-process"
              + " cluster; a collection arcmetric_bench_N_S is created there and deleted after.")
  String solr;

  @Option(names = "--dim", defaultValue = "128")
  int dim;

  @Option(names = "--clusters", defaultValue = "100", description = "Classes (cluster centres).")
  int clusters;

  @Option(names = "--spread", defaultValue = "0.5")
  double spread;

  @Option(names = "--queries", defaultValue = "500")
  int queries;

  @Option(
      names = "--candidates",
      defaultValue = "100",
      description = "efSearch of the local HNSW and topK per shard of Solr's knn (default 100).")
  int candidates;

  @Option(
      names = "--concurrency",
      defaultValue = "1,8,32",
      split = ",",
      description = "Client threads of the throughput runs (default 1,8,32).")
  int[] concurrency;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--json", description = "Print JSON to stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (vectors < 10 || queries < 1 || shards < 1 || nodes < 1 || candidates < 10) {
      throw new IllegalArgumentException(
          "--vectors must be at least 10, --candidates at least 10, and --queries, --shards,"
              + " --nodes at least 1");
    }
    var err = spec.commandLine().getErr();
    Random r = new Random(seed);
    float[][] centres = ClusteredVectors.centres(r, clusters, dim);
    List<float[]> qs = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      qs.add(point(r, centres[r.nextInt(clusters)]));
    }
    Path dir = Files.createTempDirectory("arcmetric-bench-solr");
    Map<String, Object> localResult;
    Map<String, Object> solrResult;
    double agreement;
    String base = solr;
    LocalSolrProcess local = null;
    try (LuceneGallery lucene =
        LuceneGallery.create(dir.resolve("local"), "sha256:bench", dim, HnswOptions.DEFAULT)) {
      if (base == null) {
        err.printf("starting an in-process SolrCloud of %d nodes...%n", nodes);
        local =
            LocalSolrProcess.start(
                Path.of(System.getProperty("arcmetric.home", ".")).toAbsolutePath(), nodes);
        base = local.baseUrl();
      }
      String uri =
          SolrLocation.uri(
              base,
              "arcmetric_bench_" + vectors + "_" + shards + "_" + System.currentTimeMillis(),
              shards);
      try (SolrGallery solrGallery =
          SolrGallery.create(SolrLocation.parse(uri), "sha256:bench", dim, HnswOptions.DEFAULT)) {
        try {
          double[] load = load(r, centres, lucene, solrGallery, err);
          ExactIndex oracle = lucene.snapshot();
          List<List<Neighbour>> truth = new ArrayList<>();
          for (float[] q : qs) {
            truth.add(oracle.search(q, 10));
          }
          SearchOptions approx = new SearchOptions(SearchMode.APPROXIMATE, candidates);
          localResult = engine("local", q -> lucene.search(q, 10, approx), qs, truth, load[0], err);
          solrResult =
              engine("solr", q -> solrGallery.search(q, 10, approx), qs, truth, load[1], err);
          CentroidClassifier a = new CentroidClassifier(lucene, Float.NEGATIVE_INFINITY);
          CentroidClassifier b = new CentroidClassifier(solrGallery, Float.NEGATIVE_INFINITY);
          int same = 0;
          for (float[] q : qs) {
            String la = a.classify(q, 0).label();
            if (la != null && la.equals(b.classify(q, 0).label())) {
              same++;
            }
          }
          agreement = (double) same / queries;
        } finally {
          solrGallery.deleteCollection();
        }
      }
    } finally {
      if (local != null) {
        local.close();
      }
      RebuildCommand.deleteTree(dir);
    }
    // the contract's keys first, then the run's parameters
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("vectors", vectors);
    out.put("shards", shards);
    out.put("label_agreement", agreement);
    out.put("local", localResult);
    out.put("solr", solrResult);
    out.put("dimension", dim);
    out.put("classes", clusters);
    out.put("queries", queries);
    out.put("candidates", candidates);
    out.put("solr_url", base);
    print(out);
    return Main.OK;
  }

  private float[] point(Random r, float[] centre) {
    return ClusteredVectors.around(r, centre, spread / Math.sqrt(dim));
  }

  /** Loads the same vectors into both galleries; returns each one's seconds. */
  private double[] load(
      Random r, float[][] centres, Gallery lucene, Gallery solrGallery, PrintWriter err)
      throws Exception {
    double[] seconds = new double[2];
    int chunk = 10_000;
    for (int start = 0; start < vectors; start += chunk) {
      List<GalleryEntry> es = new ArrayList<>();
      for (int i = start; i < Math.min(vectors, start + chunk); i++) {
        int c = r.nextInt(clusters);
        es.add(new GalleryEntry("c" + c, "v" + i, point(r, centres[c])));
      }
      long t0 = System.nanoTime();
      lucene.add(es);
      long t1 = System.nanoTime();
      solrGallery.add(es);
      long t2 = System.nanoTime();
      seconds[0] += (t1 - t0) / 1e9;
      seconds[1] += (t2 - t1) / 1e9;
      err.printf(
          "loaded %,d / %,d vectors into both galleries%n",
          Math.min(vectors, start + chunk), vectors);
    }
    return seconds;
  }

  private Map<String, Object> engine(
      String name,
      Function<float[], List<Neighbour>> search,
      List<float[]> qs,
      List<List<Neighbour>> truth,
      double loadSeconds,
      PrintWriter err)
      throws Exception {
    double found = 0;
    for (int i = 0; i < qs.size(); i++) {
      // each gallery gives its own ids: a vector is known by its source, v<row>
      Set<String> t = new HashSet<>();
      truth.get(i).forEach(n -> t.add(n.source()));
      for (Neighbour n : search.apply(qs.get(i))) {
        found += t.contains(n.source()) ? 1 : 0;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recall_at_10", found / (10.0 * qs.size()));
    Map<String, Object> levels = new LinkedHashMap<>();
    double best = 0;
    for (int c : concurrency) {
      double[] lat = new double[qs.size()];
      ExecutorService pool = Executors.newFixedThreadPool(c);
      long t0 = System.nanoTime();
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < qs.size(); i++) {
          int qi = i;
          fs.add(
              pool.submit(
                  () -> {
                    long s = System.nanoTime();
                    search.apply(qs.get(qi));
                    lat[qi] = (System.nanoTime() - s) / 1e6;
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      double qps = qs.size() / ((System.nanoTime() - t0) / 1e9);
      Arrays.sort(lat);
      Map<String, Object> level = new LinkedHashMap<>();
      level.put("qps", qps);
      level.put("p50_ms", lat[(int) Math.floor(0.50 * (lat.length - 1))]);
      level.put("p99_ms", lat[(int) Math.floor(0.99 * (lat.length - 1))]);
      levels.put(Integer.toString(c), level);
      best = Math.max(best, qps);
      err.printf(Locale.ROOT, "%s, %d threads: %.1f queries/s%n", name, c, qps);
    }
    m.put("qps", best);
    m.put("load_s", loadSeconds);
    m.put("concurrency", levels);
    return m;
  }

  @SuppressWarnings("unchecked")
  private void print(Map<String, Object> out) throws Exception {
    var w = spec.commandLine().getOut();
    if (json) {
      w.println(ModelFolder.JSON.writeValueAsString(out));
      return;
    }
    w.printf(
        Locale.ROOT,
        "%,d vectors of dimension %s in %s classes, %d shards, %s queries, topK/efSearch %s%n",
        vectors,
        out.get("dimension"),
        out.get("classes"),
        shards,
        out.get("queries"),
        out.get("candidates"));
    w.println("| engine | load, s | recall@10 | concurrency | queries/s | p50, ms | p99, ms |");
    w.println("|---|---|---|---|---|---|---|");
    for (String e : List.of("local", "solr")) {
      Map<String, Object> m = (Map<String, Object>) out.get(e);
      Map<String, Object> levels = (Map<String, Object>) m.get("concurrency");
      for (Map.Entry<String, Object> l : levels.entrySet()) {
        Map<String, Object> v = (Map<String, Object>) l.getValue();
        w.printf(
            Locale.ROOT,
            "| %s | %.1f | %.4f | %s | %.1f | %.2f | %.2f |%n",
            e,
            (double) m.get("load_s"),
            (double) m.get("recall_at_10"),
            l.getKey(),
            (double) v.get("qps"),
            (double) v.get("p50_ms"),
            (double) v.get("p99_ms"));
      }
    }
    w.printf(
        Locale.ROOT, "centroid-mode label agreement: %.4f%n", (double) out.get("label_agreement"));
  }
}
