package org.arcmetric.solr;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An in-process SolrCloud in its own JVM, for {@code arcmetric bench-solr} and for trying a {@code
 * solr://} gallery without a cluster: {@code java -cp solr/target/cluster-lib/*:...
 * org.arcmetric.solr.LocalCluster NODES} starts NODES nodes and an embedded ZooKeeper, prints
 * {@code READY <base URL of node 1>} on stdout, and shuts down when stdin closes (so it dies with
 * the process that started it). It lives in the test sources because it needs Solr's test framework
 * (Jetty 10), which must not reach the command line's own classpath.
 */
public final class LocalCluster {
  private LocalCluster() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    try (SolrTestCluster cluster = new SolrTestCluster(nodes)) {
      System.out.println("READY " + cluster.baseUrl());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // wait for stdin to close
      }
    }
  }
}
