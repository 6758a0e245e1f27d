package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.arcmetric.gallery.LuceneGallery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writable server is the gallery's one writer; a read-only one follows others' commits. */
class SharedGalleryServerTest {
  static final String TOKEN = "test-token-0123456789";
  @TempDir Path tmp;

  static ServerOptions.Builder options(TestModel t) {
    return ServerOptions.builder().setModel(t.model()).setGallery(t.gallery()).optPort(0);
  }

  static String get(ArcmetricServer s, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aWritableServerHoldsTheLockAndOtherWritersAreToldWhoHasIt() throws Exception {
    TestModel t = TestModel.make(tmp);
    try (ArcmetricServer server = ArcmetricServer.start(options(t).optToken(TOKEN).build())) {
      try (LuceneGallery cli = LuceneGallery.open(t.gallery())) {
        assertThatThrownBy(() -> cli.renameLabel("h2", "ring"))
            .hasMessageContaining("arcmetric serve, process " + ProcessHandle.current().pid())
            .hasMessageContaining("http://127.0.0.1:" + server.port());
      }
      assertThatThrownBy(() -> ArcmetricServer.start(options(t).optToken(TOKEN).build()))
          .hasMessageContaining("is being written by another process");
      assertThat(get(server, "/api/v1/classes")).contains("h2").doesNotContain("ring");
    }
    // the lock went with the server
    try (LuceneGallery cli = LuceneGallery.open(t.gallery())) {
      assertThat(cli.renameLabel("h2", "ring")).isEqualTo(12);
    }
  }

  @Test
  void aReadOnlyServerAnswersFromTheNewestCommit() throws Exception {
    TestModel t = TestModel.make(tmp);
    try (ArcmetricServer server = ArcmetricServer.start(options(t).build())) {
      assertThat(get(server, "/api/v1/classes")).contains("h2");
      try (LuceneGallery cli = LuceneGallery.open(t.gallery())) {
        assertThat(cli.renameLabel("h2", "ring")).isEqualTo(12);
      }
      String classes = get(server, "/api/v1/classes");
      assertThat(classes).contains("ring").doesNotContain("\"h2\"");
    }
  }

  @Test
  void onlyRequestsThatReadTheGalleryLookForANewerCommit() {
    assertThat(Access.readsGallery("/api/v1/classes")).isTrue();
    assertThat(Access.readsGallery("/ready")).isTrue();
    assertThat(Access.readsGallery("/")).isFalse();
    assertThat(Access.readsGallery("/health")).isFalse();
    assertThat(Access.readsGallery("/metrics")).isFalse();
  }
}
