package org.arcmetric.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import org.apache.solr.common.SolrInputDocument;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryConformance;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.linalg.UnitVectors;
import org.arcmetric.options.InvalidOptionException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link GalleryConformance} on a SolrCloud gallery: a 2-node in-process cluster, each gallery a
 * collection of 2 shards, opened through {@link Galleries} by its {@code solr://} URI as a user
 * would.
 */
class SolrGalleryConformanceTest extends GalleryConformance {
  private SolrTestCluster cluster;

  @Override
  protected void startEngine() throws Exception {
    cluster = new SolrTestCluster(2);
  }

  @Override
  protected void stopEngine() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Gallery create(String name, String fingerprint, int dimension) throws IOException {
    return Galleries.create(
        cluster.uri(name.replace('-', '_'), 2), fingerprint, dimension, Map.of());
  }

  @Override
  protected Gallery open(String location) throws IOException {
    return Galleries.open(location);
  }

  // ---- what only a remote engine can get wrong ----

  @Test
  void aMissingCollectionIsRefusedByNameAndExistsSaysNo() throws IOException {
    String uri = cluster.uri("no_such_gallery", 1);
    assertThat(Galleries.exists(uri)).isFalse();
    assertThatThrownBy(() -> Galleries.open(uri))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining("no collection no_such_gallery")
        .hasMessageContaining("arcmetric enroll");
  }

  @Test
  void aSecondCreateInt8AndAnUnreachableNodeAreRefused() throws IOException {
    String uri = cluster.uri("refusals", 1);
    try (Gallery g = Galleries.create(uri, "sha256:a", 8, Map.of())) {
      assertThat(Galleries.exists(uri)).isTrue();
      assertThatThrownBy(() -> Galleries.create(uri, "sha256:b", 8, Map.of()))
          .isInstanceOf(GalleryException.class)
          .hasMessageContaining("already holds a gallery");
      assertThat(g.fingerprint()).isEqualTo("sha256:a");
    }
    assertThatThrownBy(
            () ->
                Galleries.create(
                    cluster.uri("int8", 1), "sha256:a", 8, Map.of(HnswOptions.KEY_INT8, "true")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("int8");
    assertThatThrownBy(() -> Galleries.open("solr://127.0.0.1:1/solr/nothing"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("http://127.0.0.1:1/solr")
        .hasMessageContaining("cannot connect");
  }

  @Test
  void aWriteThatFailedHalfWayIsFoundByCheckAndRepaired() throws Exception {
    String uri = cluster.uri("half_written", 2);
    Random r = new Random(9);
    List<GalleryEntry> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      float[] v = new float[8];
      for (int j = 0; j < 8; j++) {
        v[j] = (float) r.nextGaussian();
      }
      entries.add(
          new GalleryEntry(i % 2 == 0 ? "a" : "b", "s" + i, UnitVectors.normalize(v), null));
    }
    try (Gallery g = Galleries.create(uri, "sha256:a", 8, Map.of())) {
      g.add(entries);
      assertThat(g.check()).isNull();
      // what a crash between the entries and the class sums leaves: an entry without its sum
      SolrLocation where = SolrLocation.parse(uri);
      try (var client = SolrGallery.client(where)) {
        var doc = new SolrInputDocument();
        doc.setField("id", "orphan");
        doc.setField("kind", "entry");
        doc.setField("label", "a");
        List<Float> v = new ArrayList<>();
        for (float x : entries.get(0).vector()) {
          v.add(-x);
        }
        doc.setField("v", v);
        client.add(where.collection(), doc);
        client.commit(where.collection(), true, true);
      }
      try (Gallery again = Galleries.open(uri)) {
        assertThat(again.check()).contains("1 classes").contains("a");
        assertThat(again.repair()).containsExactly("a");
        assertThat(again.check()).isNull();
        float[] want = again.snapshot().centroids().get("a");
        float[] got = again.centroids().get("a");
        for (int j = 0; j < 8; j++) {
          assertThat(got[j]).isCloseTo(want[j], Offset.offset(1e-5f));
        }
      }
    }
  }

  @Test
  void twoWritersOnOneClassKeepItsCentroidExact() throws Exception {
    String uri = cluster.uri("two_writers", 2);
    List<GalleryEntry> a = new ArrayList<>();
    List<GalleryEntry> b = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 200; i++) {
      float[] v = new float[8];
      for (int j = 0; j < 8; j++) {
        v[j] = (float) r.nextGaussian();
      }
      (i % 2 == 0 ? a : b).add(new GalleryEntry("shared", "s" + i, UnitVectors.normalize(v), null));
    }
    try (Gallery one = Galleries.create(uri, "sha256:a", 8, Map.of());
        Gallery two = Galleries.open(uri)) {
      var pool = Executors.newFixedThreadPool(2);
      try {
        var f1 =
            pool.submit(
                () -> {
                  for (int i = 0; i < a.size(); i += 10) {
                    one.add(a.subList(i, i + 10));
                  }
                  return null;
                });
        var f2 =
            pool.submit(
                () -> {
                  for (int i = 0; i < b.size(); i += 10) {
                    two.add(b.subList(i, i + 10));
                  }
                  return null;
                });
        f1.get();
        f2.get();
      } finally {
        pool.shutdown();
      }
      try (Gallery reader = Galleries.open(uri)) {
        assertThat(reader.labelCounts()).containsEntry("shared", 200);
        float[] want = reader.snapshot().centroids().get("shared");
        float[] got = reader.centroids().get("shared");
        for (int j = 0; j < 8; j++) {
          assertThat(got[j]).isCloseTo(want[j], Offset.offset(1e-5f));
        }
      }
    }
  }
}
