package org.arcmetric.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.arcmetric.cli.Main;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.linalg.UnitVectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric bench-gallery}: the gallery's build and search at scale on synthetic clustered
 * unit vectors: build time, size on disk, memory, queries/s of exact and HNSW search from one and
 * from all threads, recall@1 and @10 of HNSW against exact, and the exact scan's bytes/s.
 */
@Command(
    name = "bench-gallery",
    mixinStandardHelpOptions = true,
    description = "Benchmark gallery build and search (exact vs HNSW) on synthetic vectors.")
final class BenchGalleryCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--entries", defaultValue = "1000000")
  int entries;

  @Option(
      names = "--vectors",
      paramLabel = "FILE.npy",
      description =
          "Real embeddings (from 'arcmetric embed --out FILE.npy') instead of synthetic ones; the"
              + " queries are --queries of its rows with small noise.")
  Path vectors;

  @Option(names = "--dim", defaultValue = "128")
  int dim;

  @Option(names = "--clusters", defaultValue = "1000", description = "Cluster centres.")
  int clusters;

  @Option(
      names = "--spread",
      defaultValue = "0.5",
      description = "Noise around a centre, relative to the unit length (default 0.5).")
  double spread;

  @Option(names = "--queries", defaultValue = "1000")
  int queries;

  @Option(names = "--hnsw-m", defaultValue = "16")
  int m;

  @Option(names = "--hnsw-beam-width", defaultValue = "100")
  int beam;

  @Option(names = "--candidates", defaultValue = "100")
  int candidates;

  @Option(names = "--int8")
  boolean int8;

  @Option(names = "--threads", defaultValue = "2", description = "Threads of the parallel runs.")
  int threads;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out)) {
      throw new IllegalArgumentException("--out " + out + " exists: choose a new folder");
    }
    var w = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    Random r = new Random(seed);
    float[][] real = vectors == null ? null : readNpy(vectors);
    if (real != null) {
      entries = real.length;
      dim = real[0].length;
    }
    float[][] centres = ClusteredVectors.centres(r, clusters, dim);
    long t0 = System.nanoTime();
    try (LuceneGallery g =
        LuceneGallery.create(out, "sha256:bench", dim, new HnswOptions(m, beam, int8))) {
      int chunk = 50_000;
      for (int start = 0; start < entries; start += chunk) {
        List<GalleryEntry> es = new ArrayList<>();
        for (int i = start; i < Math.min(entries, start + chunk); i++) {
          if (real != null) {
            es.add(new GalleryEntry("real", null, UnitVectors.normalize(real[i].clone())));
            continue;
          }
          int c = r.nextInt(clusters);
          es.add(
              new GalleryEntry(
                  "c" + c, null, ClusteredVectors.around(r, centres[c], spread / Math.sqrt(dim))));
        }
        g.add(es);
        err.printf("enrolled %,d / %,d%n", Math.min(entries, start + chunk), entries);
      }
      double build = (System.nanoTime() - t0) / 1e9;
      long bytes = g.stats().bytesOnDisk();
      System.gc();
      long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      List<float[]> qs = new ArrayList<>();
      for (int i = 0; i < queries; i++) {
        if (real != null) {
          float[] v = ClusteredVectors.gaussian(r, dim, 0.05 / Math.sqrt(dim));
          float[] row = real[r.nextInt(real.length)];
          for (int j = 0; j < dim; j++) {
            v[j] += row[j];
          }
          qs.add(UnitVectors.normalize(v));
        } else {
          int c = r.nextInt(clusters);
          qs.add(ClusteredVectors.around(r, centres[c], spread / Math.sqrt(dim)));
        }
      }
      List<List<Neighbour>> exact = new ArrayList<>();
      long e0 = System.nanoTime();
      for (float[] q : qs) {
        exact.add(g.searchExact(q, 10));
      }
      double exactQps = queries / ((System.nanoTime() - e0) / 1e9);
      List<List<Neighbour>> approx = new ArrayList<>();
      long a0 = System.nanoTime();
      for (float[] q : qs) {
        approx.add(g.searchApproximate(q, 10, candidates));
      }
      double approxQps = queries / ((System.nanoTime() - a0) / 1e9);
      double exactQpsMt = parallel(qs, q -> g.searchExact(q, 10));
      double approxQpsMt = parallel(qs, q -> g.searchApproximate(q, 10, candidates));
      double r1 = 0;
      double r10 = 0;
      for (int i = 0; i < queries; i++) {
        Set<String> truth = new HashSet<>();
        exact.get(i).forEach(n -> truth.add(n.id()));
        r1 +=
            !approx.get(i).isEmpty() && approx.get(i).get(0).id().equals(exact.get(i).get(0).id())
                ? 1
                : 0;
        for (Neighbour n : approx.get(i)) {
          r10 += truth.contains(n.id()) ? 1 : 0;
        }
      }
      r1 /= queries;
      r10 /= 10.0 * queries;
      double scanBytesPerSecond = exactQps * (double) entries * dim * 4;
      w.printf(
          Locale.ROOT,
          (real != null ? "from " + vectors + ": " : "")
              + "%,d entries of dimension %d (%d clusters, spread %.2f), M %d, beam %d, efSearch %d%s,"
              + " %d queries, %d threads%n",
          entries,
          dim,
          clusters,
          spread,
          m,
          beam,
          candidates,
          int8 ? ", int8" : "",
          queries,
          threads);
      w.println("| measurement | value |");
      w.println("|---|---|");
      w.printf(Locale.ROOT, "| build (enrol + commit + HNSW), s | %.1f |%n", build);
      w.printf(Locale.ROOT, "| size on disk, MB | %.1f |%n", bytes / 1e6);
      w.printf(Locale.ROOT, "| JVM heap after build, MB | %.0f |%n", heap / 1e6);
      w.printf(Locale.ROOT, "| exact queries/s, 1 thread | %.1f |%n", exactQps);
      w.printf(Locale.ROOT, "| exact queries/s, %d threads | %.1f |%n", threads, exactQpsMt);
      w.printf(Locale.ROOT, "| exact scan, GB/s (1 thread) | %.2f |%n", scanBytesPerSecond / 1e9);
      w.printf(Locale.ROOT, "| HNSW queries/s, 1 thread | %.1f |%n", approxQps);
      w.printf(Locale.ROOT, "| HNSW queries/s, %d threads | %.1f |%n", threads, approxQpsMt);
      w.printf(
          Locale.ROOT, "| HNSW speed-up over exact, 1 thread | %.1f× |%n", approxQps / exactQps);
      w.printf(Locale.ROOT, "| HNSW recall@1 | %.4f |%n", r1);
      w.printf(Locale.ROOT, "| HNSW recall@10 | %.4f |%n", r10);
    }
    return Main.OK;
  }

  private interface Search {
    List<Neighbour> run(float[] q) throws Exception;
  }

  private double parallel(List<float[]> qs, Search s) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = first; i < qs.size(); i += threads) {
                    s.run(qs.get(i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return qs.size() / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** A NumPy 1.0 little-endian float32 (n, d) matrix, as {@code embed} writes it. */
  static float[][] readNpy(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[6] != 1) {
      throw new IOException(file + " is not a NumPy 1.0 .npy file");
    }
    int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
    var m = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
    if (!header.contains("'<f4'") || !m.find()) {
      throw new IOException(file + ": expected a float32 (n, d) matrix, header " + header);
    }
    int n = Integer.parseInt(m.group(1));
    int d = Integer.parseInt(m.group(2));
    ByteBuffer buf =
        ByteBuffer.wrap(b, 10 + headerLength, n * d * 4).order(ByteOrder.LITTLE_ENDIAN);
    float[][] out = new float[n][d];
    for (float[] row : out) {
      for (int j = 0; j < d; j++) {
        row[j] = buf.getFloat();
      }
    }
    return out;
  }
}
