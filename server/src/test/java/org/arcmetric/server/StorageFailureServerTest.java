package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.arcmetric.gallery.StorageFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full or read-only disk is the machine's failure: a clear 507/503, nothing acknowledged lost.
 */
class StorageFailureServerTest {
  static final String TOKEN = "test-token-0123456789";
  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void healthy() {
    FlakyDisk.failure = null;
  }

  @Test
  void storageFailuresAreRecognisedInCauses() {
    assertThat(
            StorageFailure.of(
                new IOException(
                    "commit failed",
                    new FileSystemException("/g/_0.cfs", null, "No space left on device"))))
        .isEqualTo(StorageFailure.FULL);
    assertThat(StorageFailure.of(new IOException("Disk quota exceeded")))
        .isEqualTo(StorageFailure.FULL);
    assertThat(StorageFailure.of(new AccessDeniedException("/g/write.lock")))
        .isEqualTo(StorageFailure.READ_ONLY);
    assertThat(StorageFailure.of(new FileSystemException("/g", null, "Read-only file system")))
        .isEqualTo(StorageFailure.READ_ONLY);
    assertThat(StorageFailure.of(new IOException("something else"))).isNull();
  }

  HttpResponse<String> enrol(ArcmetricServer s, String label, List<byte[]> pngs) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + s.port() + "/api/v1/classes/" + label + "/images");
    return http.send(
        Multipart.request("POST", uri, "images", pngs)
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int entries(ArcmetricServer s) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body()).get("entries").asInt();
  }

  @Test
  void aFullDiskIs507AndNothingAcknowledgedIsLost() throws Exception {
    TestModel t = TestModel.make(tmp);
    try (ArcmetricServer s =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(t.model())
                .setGallery(FlakyDisk.location(t.gallery()))
                .optPort(0)
                .optToken(TOKEN)
                .build())) {
      assertThat(enrol(s, "v2", t.pngs().subList(24, 26)).statusCode()).isEqualTo(201);
      int before = entries(s);

      FlakyDisk.failure = StorageFailure.FULL;
      HttpResponse<String> full = enrol(s, "v2", t.pngs().subList(26, 28));
      assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
      JsonNode body = json.readTree(full.body());
      assertThat(body.get("error").asText()).isEqualTo("insufficient_storage");
      assertThat(body.get("message").asText())
          .contains("disk", "full", "nothing of this request was written")
          .doesNotContain("Exception");
      HttpResponse<String> delete =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + s.port() + "/api/v1/classes/v2"))
                  .DELETE()
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(delete.statusCode()).isEqualTo(507);
      assertThat(entries(s)).isEqualTo(before);

      FlakyDisk.failure = null; // space freed: the same request now works
      assertThat(enrol(s, "v2", t.pngs().subList(26, 28)).statusCode()).isEqualTo(201);
      assertThat(entries(s)).isEqualTo(before + 2);
    }
  }

  @Test
  void aReadOnlyGalleryIsServedReadOnlyOrRefusedForWrites() throws Exception {
    TestModel t = TestModel.make(tmp);
    FlakyDisk.failure = StorageFailure.READ_ONLY;
    String where = FlakyDisk.location(t.gallery());
    assertThatThrownBy(
            () ->
                ArcmetricServer.start(
                    ServerOptions.builder()
                        .setModel(t.model())
                        .setGallery(where)
                        .optPort(0)
                        .optToken(TOKEN)
                        .build()))
        .hasMessageContaining("cannot be written")
        .hasMessageContaining("start it without a token");
    try (ArcmetricServer readOnly =
        ArcmetricServer.start(
            ServerOptions.builder().setModel(t.model()).setGallery(where).optPort(0).build())) {
      assertThat(entries(readOnly)).isEqualTo(24);
    }
  }
}
