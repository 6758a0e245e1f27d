package org.arcmetric.solr;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An in-process SolrCloud started in a child JVM (the test jar's {@code LocalCluster} on the
 * module's test classpath, {@code solr/target/cluster-lib}): a 2-node cluster with an embedded
 * ZooKeeper for benchmarks and trials, with no Solr installed. The child's log goes to a file;
 * closing this object (or the parent dying, which closes the child's stdin) shuts it down. Not
 * thread-safe.
 */
public final class LocalSolrProcess implements AutoCloseable {
  private final Process process;
  private final String baseUrl;
  private final Path log;

  private LocalSolrProcess(Process process, String baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /**
   * Starts {@code nodes} nodes from the build under {@code home} (the project folder).
   *
   * @throws IOException naming what is missing (run {@code mvn package}) or the log file when the
   *     cluster does not start
   */
  public static LocalSolrProcess start(Path home, int nodes) throws IOException {
    Path target = home.resolve("solr/target");
    Path libs = target.resolve("cluster-lib");
    Path testJar;
    try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      testJar =
          s.filter(p -> p.getFileName().toString().matches("arcmetric-solr-.*-tests\\.jar"))
              .findFirst()
              .orElse(null);
    }
    if (testJar == null || !Files.isDirectory(libs)) {
      throw new IOException(
          "the in-process SolrCloud is not built under "
              + target
              + " (it needs the test jar and cluster-lib/): run 'mvn -DskipTests package' in "
              + home
              + ", or give --solr URL of a running cluster");
    }
    Path log = Files.createTempFile("arcmetric-local-solr", ".log");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                javaBin,
                "-Xmx4g",
                "-cp",
                testJar + File.pathSeparator + libs.resolve("*"),
                "org.arcmetric.solr.LocalCluster",
                Integer.toString(nodes)));
    pb.redirectError(log.toFile());
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY ")) {
        return new LocalSolrProcess(p, line.substring("READY ".length()).trim(), log);
      }
    }
    p.destroyForcibly();
    throw new IOException("the in-process SolrCloud did not start; its log is " + log);
  }

  /** The first node's Solr root, {@code http://127.0.0.1:PORT/solr}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** A gallery URI for {@code collection} on this cluster, created with {@code shards} shards. */
  public String galleryUri(String collection, int shards) {
    return SolrLocation.uri(baseUrl, collection, shards);
  }

  /** The child's log file. */
  public Path log() {
    return log;
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close(); // LocalCluster shuts down when its stdin closes
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
