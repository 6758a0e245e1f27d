package org.arcmetric.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.arcmetric.cli.CliFixture;
import org.arcmetric.solr.LocalSolrProcess;
import org.junit.jupiter.api.Test;

/**
 * {@code bench-solr}'s JSON contract, run through the whole command line against an in-process
 * 2-node SolrCloud in a child JVM (built by the solr module's package phase).
 */
class BenchSolrCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void benchSolrPrintsItsJsonContract() throws Exception {
    Path home = Path.of(System.getProperty("user.dir")).getParent(); // the project root
    try (LocalSolrProcess solr = LocalSolrProcess.start(home, 2)) {
      CliFixture.Run r =
          CliFixture.run(
              "bench-solr",
              "--solr",
              solr.baseUrl(),
              "--vectors",
              "2000",
              "--shards",
              "2",
              "--queries",
              "50",
              "--dim",
              "16",
              "--concurrency",
              "1,4",
              "--json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = JSON.readTree(r.out());
      assertThat(j.get("vectors").asInt()).isEqualTo(2000);
      assertThat(j.get("shards").asInt()).isEqualTo(2);
      assertThat(j.get("label_agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
      for (String e : new String[] {"local", "solr"}) {
        assertThat(j.get(e).get("recall_at_10").asDouble()).as(e).isGreaterThanOrEqualTo(0.99);
        assertThat(j.get(e).get("qps").asDouble()).as(e).isPositive();
        assertThat(j.get(e).get("concurrency").get("4").get("p99_ms").asDouble()).isPositive();
      }
    }
  }
}
