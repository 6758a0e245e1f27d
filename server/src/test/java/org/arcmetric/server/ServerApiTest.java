package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.linalg.UnitVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API on a real server on port 0, driven by the JDK HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerApiTest {
  static final String TOKEN = "test-token-0123456789";
  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final List<byte[]> pngs = new ArrayList<>(); // 12 per class: h2, h3, v2
  Path model;
  Path gallery;
  ArcmetricServer server;
  String base;

  @BeforeAll
  void trainEnrolStart() throws Exception {
    TestModel t = TestModel.make(tmp);
    model = t.model();
    gallery = t.gallery();
    pngs.addAll(t.pngs());
    server =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(model)
                .setGallery(gallery)
                .optPort(0)
                .optToken(TOKEN)
                .optMaxBodyBytes(64 * 1024)
                .build());
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  record Reply(int status, String contentType, String body, byte[] bytes) {}

  Reply send(HttpRequest.Builder b) throws Exception {
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        new String(r.body(), StandardCharsets.UTF_8),
        r.body());
  }

  HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).GET();
  }

  /** A multipart/form-data body with one file part per image, field {@code field}. */
  HttpRequest.Builder multipart(String method, String path, String field, List<byte[]> files) {
    return Multipart.request(method, URI.create(base + path), field, files);
  }

  JsonNode ok(Reply r, int status) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    return json.readTree(r.body());
  }

  JsonNode error(Reply r, int status, String code) throws Exception {
    JsonNode j = ok(r, status);
    assertThat(j.get("error").asText()).isEqualTo(code);
    assertThat(j.get("message").asText()).isNotBlank().doesNotContain(tmp.toString());
    return j;
  }

  /** A second, read-only server on the same model and gallery that takes 8 MiB requests. */
  ArcmetricServer roomy() throws IOException {
    return ArcmetricServer.start(
        ServerOptions.builder()
            .setModel(model)
            .setGallery(gallery)
            .optPort(0)
            .optMaxBodyBytes(8 << 20)
            .build());
  }

  @Test
  void aRequestOfManyHugeBlankImagesIsRefusedFromTheHeadersAlone() throws Exception {
    byte[] blank = TestModel.png(new BufferedImage(4096, 4096, BufferedImage.TYPE_BYTE_GRAY));
    assertThat(blank.length).isLessThan(100_000); // small files, 16.7 million pixels each
    try (ArcmetricServer roomy = roomy()) {
      URI batch = URI.create("http://127.0.0.1:" + roomy.port() + "/api/v1/predict/batch");
      long t0 = System.nanoTime();
      HttpResponse<String> nine =
          http.send(
              Multipart.request("POST", batch, "images", Collections.nCopies(9, blank)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(nine.statusCode()).as(nine.body()).isEqualTo(413);
      assertThat(json.readTree(nine.body()).get("error").asText()).isEqualTo("too_much_to_decode");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
      // within the budget they are decoded (subsampled to the model's size) and answered
      HttpResponse<String> two =
          HttpClient.newHttpClient()
              .send(
                  Multipart.request("POST", batch, "images", List.of(blank, blank)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(two.statusCode()).as(two.body()).isEqualTo(200);
    }
  }

  @Test
  void pageAndOpenApiAreServedAndEveryDocumentedPathAnswers() throws Exception {
    Reply page = send(get("/"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("<title>arcmetric</title>")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(send(get("/app.js")).body()).contains("/api/v1/predict");
    assertThat(send(get("/style.css")).status()).isEqualTo(200);
    Reply yaml = send(get("/openapi.yaml"));
    assertThat(yaml.status()).isEqualTo(200);
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(yaml.body());
    assertThat(spec.get("openapi").asText()).startsWith("3.");
    var paths = spec.get("paths").fieldNames();
    int checked = 0;
    while (paths.hasNext()) {
      String path = paths.next();
      String concrete = path.replace("{label}", "h2").replace("{id}", "no-such-id");
      for (var methods = spec.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
        String method = methods.next().toUpperCase(Locale.ROOT);
        if (method.equals("PARAMETERS")) {
          continue;
        }
        // an empty request: the route exists, so the answer is ours (JSON or YAML), never a
        // "no such endpoint"; writes are refused without a token, so nothing changes
        Reply r =
            send(
                HttpRequest.newBuilder(URI.create(base + concrete))
                    .method(method, HttpRequest.BodyPublishers.noBody()));
        assertThat(r.body()).as("%s %s", method, path).doesNotContain("no such endpoint");
        assertThat(r.status()).as("%s %s", method, path).isLessThan(500);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(11);
  }

  @Test
  void metricsCountRequestsByRouteAndStatus() throws Exception {
    send(get("/api/v1/classes"));
    send(get("/api/v1/classes/nothing"));
    send(multipart("POST", "/api/v1/predict", "image", List.of(pngs.get(2))));
    Reply m = send(get("/metrics"));
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.body())
        .contains(
            "arcmetric_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/classes\",status=\"200\"}")
        .contains("route=\"/api/v1/classes/{label}\",status=\"404\"")
        .contains("arcmetric_embedding_seconds_count")
        .contains("arcmetric_gallery_entries")
        .contains("arcmetric_http_in_flight 1.0");
  }

  @Test
  void manyThreadsPredictWhileOneEnrols() throws Exception {
    List<byte[]> queries = List.of(pngs.get(3), pngs.get(4), pngs.get(15), pngs.get(16));
    List<String> before = new ArrayList<>();
    for (byte[] q : queries) {
      before.add(
          ok(send(multipart("POST", "/api/v1/predict", "image", List.of(q))), 200)
              .get("label")
              .asText());
    }
    var pool = Executors.newFixedThreadPool(8);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      int q = i % queries.size();
      answers.add(
          pool.submit(
              () -> {
                Reply r =
                    send(multipart("POST", "/api/v1/predict", "image", List.of(queries.get(q))));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                return q + ":" + json.readTree(r.body()).get("label").asText();
              }));
    }
    JsonNode enrolled =
        ok(
            send(
                multipart("POST", "/api/v1/classes/busy/images", "images", pngs.subList(32, 36))
                    .header("Authorization", "Bearer " + TOKEN)),
            201);
    List<String> after = new ArrayList<>();
    for (byte[] q : queries) {
      after.add(
          ok(send(multipart("POST", "/api/v1/predict", "image", List.of(q))), 200)
              .get("label")
              .asText());
    }
    for (var f : answers) {
      String[] a = f.get(60, TimeUnit.SECONDS).split(":", 2);
      int q = Integer.parseInt(a[0]);
      // each answer is the one for the gallery before or after the enrolment, never garbage
      assertThat(a[1]).isIn(before.get(q), after.get(q));
    }
    pool.shutdown();
    ok(
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/classes/busy"))
                .header("Authorization", "Bearer " + TOKEN)
                .DELETE()),
        200);
    assertThat(enrolled.get("ids")).hasSize(4);
  }

  @Test
  void healthReadyAndClasses() throws Exception {
    assertThat(ok(send(get("/health")), 200).get("status").asText()).isEqualTo("ok");
    assertThat(ok(send(get("/ready")), 200).get("entries").asInt()).isGreaterThanOrEqualTo(24);
    JsonNode classes = ok(send(get("/api/v1/classes")), 200);
    assertThat(classes.get("classes").toString()).contains("\"h2\"").contains("\"h3\"");
    JsonNode h2 = ok(send(get("/api/v1/classes/h2")), 200);
    assertThat(h2.get("entries")).hasSize(12);
    error(send(get("/api/v1/classes/nothing")), 404, "no_such_class");
    error(send(get("/api/v1/nowhere")), 404, "not_found");
  }

  @Test
  void predictMultipartRawAndBatch() throws Exception {
    JsonNode p =
        ok(send(multipart("POST", "/api/v1/predict?top_k=3", "image", List.of(pngs.get(0)))), 200);
    assertThat(p.get("label").asText()).isIn("h2", "h3");
    assertThat(p.get("neighbours")).hasSize(3);
    assertThat(p.get("unknown").asBoolean()).isFalse();
    // no calibration and no rule asked: nearest centroid decides, and the answer says so
    assertThat(p.get("decided_by").toString())
        .isEqualTo("{\"mode\":\"centroid\",\"calibrated\":false}");
    Reply raw =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/predict?mode=knn"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pngs.get(13))));
    JsonNode knn = ok(raw, 200);
    assertThat(knn.get("label").asText()).isIn("h2", "h3");
    assertThat(knn.get("decided_by").toString())
        .isEqualTo("{\"mode\":\"knn\",\"k\":5,\"knn_prior\":\"uniform\",\"calibrated\":false}");
    JsonNode batch =
        ok(
            send(
                multipart(
                    "POST", "/api/v1/predict/batch", "images", List.of(pngs.get(1), pngs.get(14)))),
            200);
    assertThat(batch.get("predictions")).hasSize(2);
    assertThat(batch.get("predictions").get(1).get("decided_by").get("mode").asText())
        .isEqualTo("centroid");
    error(
        send(multipart("POST", "/api/v1/predict?top_k=x", "image", List.of(pngs.get(0)))),
        400,
        "bad_top_k");
    JsonNode badMode =
        error(
            send(multipart("POST", "/api/v1/predict?mode=vote", "image", List.of(pngs.get(0)))),
            400,
            "bad_mode");
    // the core's own checks and messages, fields named as the query parameters
    assertThat(badMode.get("message").asText())
        .isEqualTo("unknown mode 'vote': choose knn or centroid");
    JsonNode badK =
        error(
            send(multipart("POST", "/api/v1/predict?k=0", "image", List.of(pngs.get(0)))),
            400,
            "bad_k");
    assertThat(badK.get("message").asText()).isEqualTo("k must be at least 1, got 0");
    JsonNode badT =
        error(
            send(multipart("POST", "/api/v1/predict?threshold=2", "image", List.of(pngs.get(0)))),
            400,
            "bad_threshold");
    assertThat(badT.get("message").asText())
        .isEqualTo("threshold is a cosine similarity in [-1, 1], got 2.0");
    JsonNode plainVote =
        ok(
            send(
                multipart(
                    "POST",
                    "/api/v1/predict?mode=knn&knn_prior=gallery",
                    "image",
                    List.of(pngs.get(13)))),
            200);
    assertThat(plainVote.get("label").asText()).isIn("h2", "h3");
    assertThat(plainVote.get("decided_by").get("knn_prior").asText()).isEqualTo("gallery");
    error(
        send(
            multipart(
                "POST", "/api/v1/predict?mode=knn&knn_prior=equal", "image", List.of(pngs.get(0)))),
        400,
        "bad_knn_prior");
  }

  @Test
  void badImagesAreRefusedBeforeDecoding() throws Exception {
    error(
        send(
            multipart(
                "POST",
                "/api/v1/predict",
                "image",
                List.of("just text".getBytes(StandardCharsets.UTF_8)))),
        415,
        "unsupported_image");
    // a phone's HEIC photo: said what it is and what to do
    byte[] heic = new byte[64];
    System.arraycopy(
        new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'}, 0, heic, 0, 12);
    JsonNode h =
        error(
            send(multipart("POST", "/api/v1/predict", "image", List.of(heic))),
            415,
            "unsupported_image");
    assertThat(h.get("message").asText()).contains("HEIC/HEIF photo", "convert it to JPEG");
    // a tiny file whose header claims 20000 pixels a side
    byte[] wide = TestModel.png(new BufferedImage(20_000, 1, BufferedImage.TYPE_BYTE_GRAY));
    assertThat(wide.length).isLessThan(64 * 1024);
    error(
        send(multipart("POST", "/api/v1/predict", "image", List.of(wide))), 413, "image_too_large");
    byte[] big = new byte[200 * 1024];
    Reply tooBig =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/predict"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
    assertThat(tooBig.status()).isEqualTo(413);
    byte[] truncated = Arrays.copyOf(pngs.get(0), pngs.get(0).length / 2);
    Reply t = send(multipart("POST", "/api/v1/predict", "image", List.of(truncated)));
    assertThat(t.status()).isIn(400, 422);
  }

  @Test
  void tooManyFilesOrABrokenMultipartBodyIsA4xxNotA500() throws Exception {
    try (ArcmetricServer roomy = roomy()) {
      URI batch = URI.create("http://127.0.0.1:" + roomy.port() + "/api/v1/predict/batch");
      List<byte[]> many = new ArrayList<>();
      for (int i = 0; i <= ArcmetricServer.MAX_PARTS; i++) {
        many.add(pngs.get(i % 24));
      }
      HttpResponse<String> r =
          http.send(
              Multipart.request("POST", batch, "images", many).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
      assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("too_many_images");
      assertThat(r.body()).contains("at most 1000 files");
      // a new client: Jetty may close the connection after refusing a body it did not read
      HttpResponse<String> broken =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(batch)
                      .header("Content-Type", "multipart/form-data; boundary=xyz")
                      .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nno headers, no end"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
      assertThat(json.readTree(broken.body()).get("error").asText()).isEqualTo("bad_multipart");
    }
  }

  @Test
  void writesNeedTheTokenAndLeaveNoTraceWhenRefused() throws Exception {
    int before = ok(send(get("/ready")), 200).get("entries").asInt();
    List<byte[]> v2 = pngs.subList(24, 28);
    error(send(multipart("POST", "/api/v1/classes/v2/images", "images", v2)), 401, "unauthorized");
    error(
        send(
            multipart("POST", "/api/v1/classes/v2/images", "images", v2)
                .header("Authorization", "Bearer wrong-token-000000000")),
        401,
        "unauthorized");
    String bad = URLEncoder.encode("../etc", StandardCharsets.UTF_8);
    error(
        send(
            multipart("POST", "/api/v1/classes/" + bad + "/images", "images", v2)
                .header("Authorization", "Bearer " + TOKEN)),
        400,
        "bad_label");
    assertThat(ok(send(get("/ready")), 200).get("entries").asInt()).isEqualTo(before);

    JsonNode enrolled =
        ok(
            send(
                multipart("POST", "/api/v1/classes/v2/images", "images", v2)
                    .header("Authorization", "Bearer " + TOKEN)),
            201);
    assertThat(enrolled.get("ids")).hasSize(4);
    assertThat(enrolled.get("entries").asInt()).isEqualTo(before + 4);
    String id = enrolled.get("ids").get(0).asText();
    Reply thumb = send(get("/api/v1/entries/" + id + "/thumbnail"));
    assertThat(thumb.status()).isEqualTo(200);
    assertThat(thumb.contentType()).startsWith("image/png");
    assertThat(ImageIO.read(new ByteArrayInputStream(thumb.bytes()))).isNotNull();

    // the new class is predicted without retraining
    JsonNode p =
        ok(send(multipart("POST", "/api/v1/predict", "image", List.of(pngs.get(30)))), 200);
    assertThat(p.get("label").asText()).isEqualTo("v2");

    error(
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/entries/" + id)).DELETE()),
        401,
        "unauthorized");
    JsonNode del =
        ok(
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/entries/" + id))
                    .header("Authorization", "Bearer " + TOKEN)
                    .DELETE()),
            200);
    assertThat(del.get("removed").asInt()).isEqualTo(1);
    JsonNode gone =
        ok(
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/classes/v2"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .DELETE()),
            200);
    assertThat(gone.get("removed").asInt()).isEqualTo(3);
    error(
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/classes/v2"))
                .header("Authorization", "Bearer " + TOKEN)
                .DELETE()),
        404,
        "no_such_class");
    assertThat(ok(send(get("/ready")), 200).get("entries").asInt()).isEqualTo(before);
  }

  /** A thread, not yet started, that closes {@code s}. */
  static Thread closer(ArcmetricServer s) {
    return new Thread(
        () -> {
          try {
            s.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void closeLetsARequestInFlightFinishAndRefusesNewOnes() throws Exception {
    ArcmetricServer second =
        ArcmetricServer.start(
            ServerOptions.builder().setModel(model).setGallery(gallery).optPort(0).build());
    String url = "http://127.0.0.1:" + second.port();
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      many.add(pngs.get(i % 24));
    }
    HttpRequest.Builder slow = multipart("POST", "/api/v1/predict/batch", "images", many);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/v1/predict/batch"))
            .header("Content-Type", slow.build().headers().firstValue("Content-Type").orElseThrow())
            .POST(slow.build().bodyPublisher().orElseThrow())
            .build();
    var pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (second.inFlight() == 0 && !pending.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    Thread closer = closer(second);
    closer.start();
    while (!second.draining()) {
      Thread.sleep(1);
    }
    // A new request while draining is refused: a JSON 503 or, once the port is closed, no
    // connection at all; never an answer.
    try {
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/classes")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(json.readTree(refused.body()).get("error").asText()).isEqualTo("stopping");
    } catch (IOException connectionRefused) {
      // the port is already closed: refused, as it should be
    }
    HttpResponse<String> r = pending.get();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json.readTree(r.body()).get("predictions")).hasSize(400);
    closer.join(60_000);
    assertThat(closer.isAlive()).isFalse();
  }

  /**
   * A stop while a client is still reading a long answer: the stop waits for the whole answer.
   * (Jetty's graceful stop alone waits for the handler to return, then cuts any connection that has
   * had no traffic for 1 s, answer or not.)
   */
  @Test
  void closeWaitsForAnAnswerTheClientIsStillReading() throws Exception {
    // 3,000 entries and top_k=100: an answer of megabytes, more than the socket buffers hold.
    Path big = tmp.resolve("big-gallery");
    try (LuceneGallery g = LuceneGallery.open(gallery);
        LuceneGallery b = LuceneGallery.create(big, g.fingerprint(), g.dimension())) {
      Random r = new Random(5);
      List<GalleryEntry> entries = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        float[] v = new float[g.dimension()];
        for (int j = 0; j < v.length; j++) {
          v[j] = (float) r.nextGaussian();
        }
        entries.add(new GalleryEntry("c" + i % 10, "s" + i, UnitVectors.normalize(v)));
      }
      b.add(entries);
    }
    ArcmetricServer second =
        ArcmetricServer.start(
            ServerOptions.builder().setModel(model).setGallery(big).optPort(0).build());
    String url = "http://127.0.0.1:" + second.port();
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < ArcmetricServer.MAX_PARTS; i++) {
      many.add(pngs.get(i % 24));
    }
    String boundary = Multipart.boundary();
    byte[] body = Multipart.body(boundary, "images", many);
    Thread closer = closer(second);
    String answer;
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.setSoTimeout(60_000);
      socket.connect(new InetSocketAddress("127.0.0.1", second.port()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/predict/batch?top_k=100 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: "
                  + Multipart.contentType(boundary)
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      // Once /metrics has counted the route, the handler has returned and its answer is being
      // written: the client has read nothing, so the writing waits.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!send(HttpRequest.newBuilder(URI.create(url + "/metrics")))
              .body()
              .contains("route=\"/api/v1/predict/batch\"")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      closer.start();
      Thread.sleep(2_500); // read nothing for longer than Jetty's 1 s
      answer = Http1.readAnswer(socket.getInputStream());
    }
    assertThat(answer).startsWith("HTTP/1.1 200");
    JsonNode predictions = json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(predictions.get("predictions")).hasSize(ArcmetricServer.MAX_PARTS);
    closer.join(60_000);
    assertThat(closer.isAlive()).isFalse();
  }

  @Test
  void readOnlyWithoutTokenAndRefusesAnotherModelsGallery() throws Exception {
    Path other = tmp.resolve("other-gallery");
    try (LuceneGallery g = LuceneGallery.create(other, "sha256:someone-else", 16)) {
      g.size();
    }
    assertThatThrownBy(
            () ->
                ArcmetricServer.start(
                    ServerOptions.builder().setModel(model).setGallery(other).optPort(0).build()))
        .hasMessageContaining("another model");
    assertThatThrownBy(
            () ->
                ServerOptions.builder()
                    .setModel(model)
                    .setGallery(gallery)
                    .optToken("short")
                    .build())
        .hasMessageContaining("16 characters");
  }
}
