package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {
  static final String TOKEN = "test-token-0123456789";
  @TempDir Path tmp;

  @Test
  void theSchemeIsCaseInsensitiveAndOthersAreRefused() {
    assertThat(BearerToken.matches("Bearer " + TOKEN, TOKEN)).isTrue();
    assertThat(BearerToken.matches("bearer " + TOKEN, TOKEN)).isTrue();
    assertThat(BearerToken.matches("BEARER  " + TOKEN, TOKEN)).isTrue();
    assertThat(BearerToken.matches("Bearer\t" + TOKEN, TOKEN)).isTrue();
    assertThat(BearerToken.matches("Basic " + TOKEN, TOKEN)).isFalse();
    assertThat(BearerToken.matches("Bearer" + TOKEN, TOKEN)).isFalse();
    assertThat(BearerToken.matches("Bearer " + TOKEN + "x", TOKEN)).isFalse();
    assertThat(BearerToken.matches(null, TOKEN)).isFalse();
    assertThat(BearerToken.matches("Bearer " + TOKEN, null)).isFalse();
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheTokenAndAReadableFileIsWarnedAbout() throws IOException {
    Path file = tmp.resolve("token");
    Files.write(file, ("\uFEFF" + TOKEN + "\r\n").getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    List<String> warnings = new ArrayList<>();
    assertThat(BearerToken.read(file, warnings::add)).isEqualTo(TOKEN);
    assertThat(warnings).isEmpty();

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(BearerToken.read(file, warnings::add)).isEqualTo(TOKEN);
    assertThat(warnings).singleElement().asString().contains("other users", "chmod 600");

    Files.writeString(file, "\uFEFF \n");
    assertThatThrownBy(() -> BearerToken.read(file, w -> {})).hasMessageContaining("is empty");
    assertThatThrownBy(() -> BearerToken.read(tmp.resolve("none"), w -> {}))
        .hasMessageContaining("no such file");
  }

  @Test
  void withTokenForReadsMetricsNeedTheTokenTooButHealthDoesNot() throws Exception {
    TestModel t = TestModel.make(tmp);
    try (ArcmetricServer server =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(t.model())
                .setGallery(t.gallery())
                .optPort(0)
                .optToken(TOKEN)
                .optTokenForReads(true)
                .build())) {
      HttpClient http = HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + server.port();
      HttpResponse<String> open =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(open.statusCode()).isEqualTo(401);
      HttpResponse<String> lower =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics"))
                  .header("Authorization", "bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(lower.statusCode()).isEqualTo(200);
      assertThat(lower.body()).contains("arcmetric_");
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }
}
