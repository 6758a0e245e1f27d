package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.arcmetric.gallery.UploadStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The hostile trial's service findings, each on a real server on port 0. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerHardeningTest {
  static final String TOKEN = "test-token-0123456789";
  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  TestModel t;
  ArcmetricServer server;
  int port;

  @BeforeAll
  void start() throws Exception {
    t = TestModel.make(tmp);
    server =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(t.model())
                .setGallery(t.gallery())
                .optPort(0)
                .optToken(TOKEN)
                .optMaxBodyBytes(64 * 1024)
                .optMaxConcurrentUploads(2)
                .optBodyTimeoutMillis(1500)
                .build());
    port = server.port();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Sends {@code request} as written on a raw socket; returns the whole answer. */
  String raw(String request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return Http1.readAnswer(s.getInputStream());
    }
  }

  static int status(String answer) {
    return Integer.parseInt(answer.substring(9, 12));
  }

  JsonNode body(String answer) throws Exception {
    assertThat(answer.toLowerCase()).contains("content-type: application/json");
    return json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  String get(String path, String host) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  }

  @Test
  void jettysOwnErrorsAreTheDocumentedJsonWithTheSecurityHeaders() throws Exception {
    String self = "127.0.0.1:" + port;
    for (String path : new String[] {"/%zz", "/api/v1/%00"}) {
      String a = raw(get(path, self));
      assertThat(status(a)).as(path).isEqualTo(400);
      assertThat(body(a).get("error").asText()).isEqualTo("bad_request");
    }
    String longUrl = raw(get("/" + "a".repeat(20_000), self));
    assertThat(status(longUrl)).isIn(414, 431);
    assertThat(body(longUrl).get("error").asText()).isIn("uri_too_long", "headers_too_large");
    String bigHeader =
        raw(
            "GET /health HTTP/1.1\r\nHost: "
                + self
                + "\r\nX-Big: "
                + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(status(bigHeader)).isEqualTo(431);
    assertThat(body(bigHeader).get("error").asText()).isEqualTo("headers_too_large");
    String wrongMethod =
        raw(
            "PUT /api/v1/predict HTTP/1.1\r\nHost: "
                + self
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assertThat(status(wrongMethod)).isEqualTo(405);
    assertThat(body(wrongMethod).get("error").asText()).isEqualTo("method_not_allowed");
    String health = raw(get("/health", self));
    assertThat(status(health)).isEqualTo(200);
    for (String a : List.of(health, wrongMethod, bigHeader)) {
      assertThat(a.toLowerCase())
          .contains("x-content-type-options: nosniff")
          .contains("x-frame-options: deny")
          .contains("content-security-policy: default-src 'self'");
    }
  }

  @Test
  void aMalformedChunkSizeIsABadRequestNotATimeout() throws Exception {
    String self = "127.0.0.1:" + port;
    String a =
        raw(
            "POST /api/v1/predict HTTP/1.1\r\nHost: "
                + self
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n");
    assertThat(status(a)).isEqualTo(400); // the multipart reader's own 400
    for (String size : new String[] {"zz", "-1", "fffffffffffffffffff", "5 x"}) {
      String r =
          raw(
              "POST /api/v1/predict HTTP/1.1\r\nHost: "
                  + self
                  + "\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n"
                  + "Connection: close\r\n\r\n"
                  + size
                  + "\r\nhello\r\n0\r\n\r\n");
      assertThat(status(r)).as(size).isEqualTo(400);
      assertThat(body(r).get("error").asText()).as(size).isEqualTo("bad_request");
    }
  }

  @Test
  void onlyTheServersOwnHostNamesAreAnswered() throws Exception {
    assertThat(status(raw(get("/health", "localhost:" + port)))).isEqualTo(200);
    String evil = raw(get("/health", "evil.example"));
    assertThat(status(evil)).isEqualTo(403);
    assertThat(body(evil).get("error").asText()).isEqualTo("host_not_allowed");
    assertThat(body(evil).get("message").asText()).contains("--allowed-hosts");
    assertThat(Access.hostName("[::1]:8080")).isEqualTo("[::1]");
    assertThat(Access.hostName("Example.org:80")).isEqualTo("Example.org");
  }

  HttpResponse<String> enrol(String label, String origin, byte[] png) throws Exception {
    HttpRequest.Builder b =
        Multipart.request(
                "POST",
                URI.create("http://127.0.0.1:" + port + "/api/v1/classes/" + label + "/images"),
                "images",
                List.of(png))
            .header("Authorization", "Bearer " + TOKEN);
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void writesFromAnotherSiteAreRefusedAndUploadsCanBeRebuilt() throws Exception {
    byte[] png = t.pngs().get(0);
    HttpResponse<String> evil = enrol("x1", "http://evil.example", png);
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(json.readTree(evil.body()).get("error").asText()).isEqualTo("cross_site");
    String plain =
        raw(
            "POST /api/v1/classes/x2/images HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
    assertThat(status(plain)).isEqualTo(403);
    HttpResponse<String> own = enrol("x3", "http://127.0.0.1:" + port, png);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    HttpResponse<String> script = enrol("x3", null, png); // curl: no Origin at all
    assertThat(script.statusCode()).isEqualTo(201);

    // the upload is kept inside the gallery under its hash: rebuild can re-embed it
    HttpResponse<String> withToken =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/classes/x3"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode entries = json.readTree(withToken.body()).get("entries");
    assertThat(entries).hasSize(2);
    String source = entries.get(0).get("source").asText();
    assertThat(source).startsWith("upload:sha256:");
    assertThat(entries.get(1).get("source").asText()).isEqualTo(source); // stored once
    assertThat(new UploadStore(t.gallery()).read(source)).isEqualTo(png);
    // without the token, no paths of the server's disk
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/classes/x3"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json.readTree(anonymous.body()).get("entries").get(0).has("source")).isFalse();
  }

  /** A few hundred bytes that claim a 4096 × 4096 PNG of 16-bit RGBA: 128 MiB decoded. */
  static byte[] claimedPng() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = {0, 0, 16, 0, 0, 0, 16, 0, 16, 6, 0, 0, 0};
    for (Object[] c :
        new Object[][] {
          {"IHDR", ihdr},
          {"IDAT", new byte[] {120, -38, 99, 0, 0, 0, 1, 0, 1}},
          {"IEND", new byte[0]}
        }) {
      byte[] type = ((String) c[0]).getBytes(StandardCharsets.US_ASCII);
      byte[] data = (byte[]) c[1];
      out.writeInt(data.length);
      out.write(type);
      out.write(data);
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(data);
      out.writeInt((int) crc.getValue());
    }
    return b.toByteArray();
  }

  @Test
  void aSmallImageThatDecodesToGigabytesIsRefusedFromItsHeader() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/predict"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(claimedPng()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("image_too_large");
    assertThat(r.body()).contains("128 MiB");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    // a multipart body over the limit is 413 as documented, not bad_multipart
    byte[] big = new byte[100_000];
    HttpResponse<String> tooBig =
        http.send(
            Multipart.request(
                    "POST",
                    URI.create("http://127.0.0.1:" + port + "/api/v1/predict"),
                    "image",
                    List.of(big))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
  }

  @Test
  void slowClientsDoNotStopHealthAndAreDropped() throws Exception {
    int before = Thread.activeCount();
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /api/v1/predict HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nContent-Type: image/png\r\nContent-Length: 60000\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        slow.add(s);
      }
      long worst = 0;
      int peakThreads = 0;
      for (int round = 0; round < 8; round++) {
        for (Socket s : slow) {
          try {
            s.getOutputStream().write('x'); // one byte now and then
          } catch (IOException dropped) {
            // the server gave up on it: as wanted
          }
        }
        long t0 = System.nanoTime();
        String h = raw(get("/health", "127.0.0.1:" + port));
        worst = Math.max(worst, System.nanoTime() - t0);
        assertThat(status(h)).isEqualTo(200);
        peakThreads = Math.max(peakThreads, Thread.activeCount());
        Thread.sleep(400);
      }
      assertThat(worst / 1e9).as("slowest /health").isLessThan(1.0);
      // Jetty's pool may grow while the connections arrive, but no thread is held per slow
      // client: the count stays below the clients' number plus the pool's spare threads
      assertThat(peakThreads - before).as("threads added").isLessThan(2 * slow.size());
      // and a well-behaved upload is answered at once beside them: a trickling body holds no
      // thread and no upload slot (it is read whole, without a thread, before it goes on)
      long t0 = System.nanoTime();
      HttpResponse<String> p =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/predict"))
                  .header("Content-Type", "image/png")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(t.pngs().get(0)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(p.statusCode()).as(p.body()).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1e9)
          .as("predict beside 40 slow clients")
          .isLessThan(2.0);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void serveStartsOnAnEmptyFolderAndAnswersThatTheGalleryIsEmpty() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty-gallery"));
    try (ArcmetricServer s =
        ArcmetricServer.start(
            ServerOptions.builder().setModel(t.model()).setGallery(empty).optPort(0).build())) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/api/v1/predict"))
                  .header("Content-Type", "image/png")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(t.pngs().get(0)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("empty_gallery");
    }
  }
}
