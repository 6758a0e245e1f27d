package org.arcmetric.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * One in-process SolrCloud for a test class: {@code nodes} Jetty nodes with an embedded ZooKeeper
 * ({@link MiniSolrCloudCluster}), in this module's own test JVM (its Jetty 10 cannot share a JVM
 * with the server module's Jetty 12).
 */
public final class SolrTestCluster implements AutoCloseable {
  private final MiniSolrCloudCluster cluster;
  private final Path dir;

  SolrTestCluster(int nodes) throws Exception {
    dir = Files.createTempDirectory("arcmetric-solr");
    cluster = new MiniSolrCloudCluster.Builder(nodes, dir).configure();
  }

  /** The first node's Solr root, {@code http://127.0.0.1:PORT/solr}. */
  String baseUrl() {
    return cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  /** A gallery URI on the first node for {@code collection}, with {@code shards} shards. */
  String uri(String collection, int shards) {
    return SolrLocation.uri(baseUrl(), collection, shards);
  }

  @Override
  public void close() throws Exception {
    try {
      cluster.shutdown();
    } finally {
      TestFiles.deleteTree(dir);
    }
  }
}
