package org.arcmetric.solr;

import java.io.IOException;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryConformance;
import org.arcmetric.gallery.HnswOptions;

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
        cluster.uri(name.replace('-', '_'), 2), fingerprint, dimension, HnswOptions.DEFAULT);
  }

  @Override
  protected Gallery open(String location) throws IOException {
    return Galleries.open(location);
  }
}
