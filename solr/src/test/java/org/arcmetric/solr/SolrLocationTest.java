package org.arcmetric.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;

class SolrLocationTest {
  @Test
  void aGalleryUriNamesTheNodeTheCollectionAndItsShape() {
    SolrLocation l = SolrLocation.parse("solr://search.local:8983/solr/parts?shards=4&replicas=2");
    assertThat(l.baseUrl()).isEqualTo("http://search.local:8983/solr");
    assertThat(l.collection()).isEqualTo("parts");
    assertThat(l.shards()).isEqualTo(4);
    assertThat(l.replicas()).isEqualTo(2);
    assertThat(l.uri()).isEqualTo("solr://search.local:8983/solr/parts");
    SolrLocation tls = SolrLocation.parse("solrs://h:443/api/solr/g1");
    assertThat(tls.baseUrl()).isEqualTo("https://h:443/api/solr");
    assertThat(tls.shards()).isEqualTo(1);
    assertThat(tls.uri()).isEqualTo("solrs://h:443/api/solr/g1");
    assertThat(SolrLocation.accepts("solr://h:1/solr/c")).isTrue();
    assertThat(SolrLocation.accepts("/data/solr/c")).isFalse();
  }

  @Test
  void badUrisAreRefusedNamingTheFieldAndTheForm() {
    for (String bad :
        new String[] {
          "solr://host/solr/c",
          "solr://h:1/c/",
          "solr://h:1/solr/bad name",
          "solr://h:1/solr/c?shards=0",
          "solr://h:1/solr/c?shards=x",
          "solr://h:1/solr/c?colour=red",
          "http://h:1/solr/c"
        }) {
      assertThatThrownBy(() -> SolrLocation.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("solr://HOST:PORT/solr/COLLECTION")
          .satisfies(
              e -> assertThat(((InvalidOptionException) e).template()).startsWith("{gallery} "));
    }
  }
}
