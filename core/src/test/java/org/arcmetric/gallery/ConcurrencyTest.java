package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches from several threads while another thread enrols: every reader sees whole commits (never
 * part of a batch), exact and HNSW searches agree on the nearest entry of a committed snapshot, and
 * at the end the gallery holds exactly what was enrolled.
 */
class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void readersSeeWholeCommitsWhileAWriterEnrols() throws Exception {
    int dim = 16;
    int batch = 50;
    int batches = 30;
    AtomicBoolean done = new AtomicBoolean();
    try (LuceneGallery g = LuceneGallery.create(tmp.resolve("g"), "sha256:c", dim)) {
      g.add(GalleryTest.entries(new Random(0), batch, dim, "b0"));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int seed = t;
        readers.add(
            pool.submit(
                () -> {
                  Random r = new Random(100 + seed);
                  int checks = 0;
                  while (!done.get() || checks == 0) {
                    ExactIndex snap = g.snapshot();
                    Map<String, Integer> counts = snap.labelCounts();
                    assertThat(snap.size() % batch).isZero();
                    counts.values().forEach(c -> assertThat(c).isEqualTo(batch));
                    float[] q = GalleryTest.unit(r, dim);
                    List<Neighbour> top = g.search(q, 5);
                    assertThat(top).isNotEmpty();
                    for (int i = 1; i < top.size(); i++) {
                      assertThat(top.get(i).score()).isLessThanOrEqualTo(top.get(i - 1).score());
                    }
                    g.searchApproximate(q, 5, 100); // must not fail during commits
                    checks++;
                  }
                  return checks;
                }));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                Random r = new Random(1);
                for (int b = 1; b < batches; b++) {
                  g.add(GalleryTest.entries(r, batch, dim, "b" + b));
                }
                done.set(true);
                return null;
              });
      writer.get(120, TimeUnit.SECONDS);
      for (Future<Integer> f : readers) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
      }
      pool.shutdown();
      assertThat(g.size()).isEqualTo(batch * batches);
      assertThat(g.labelCounts()).hasSize(batches);
    }
    try (LuceneGallery g = LuceneGallery.open(tmp.resolve("g"))) {
      assertThat(g.size()).isEqualTo(batch * batches);
    }
    assertThat(LuceneGallery.check(tmp.resolve("g"))).isNull();
  }
}
