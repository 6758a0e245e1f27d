package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.arcmetric.gallery.LuceneGallery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the server process while a client enrols class after class: after every kill the
 * gallery opens, passes CheckIndex and holds every enrolment that was answered 201 (and at most the
 * one in flight, whole). SIGTERM while a 1,000-image batch is being answered: the answer arrives
 * whole, then the process exits.
 */
class ServerCrashTest {
  static final String TOKEN = "crash-token-0123456789";
  @TempDir Path tmp;

  @Test
  void killedServerKeepsEveryAnsweredEnrolment() throws Exception {
    TestModel t = TestModel.make(tmp);
    HttpClient http = HttpClient.newHttpClient();
    Random random = new Random(7);
    List<String> answered = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 3; round++) {
      Process child = serve(t);
      int port = portOf(child);
      assertThat(port).as("round %d: the server started", round).isPositive();
      String base = "http://127.0.0.1:" + port;
      AtomicBoolean stop = new AtomicBoolean();
      List<String> acks = new CopyOnWriteArrayList<>();
      int first = next;
      Thread client =
          new Thread(
              () -> {
                for (int k = first; !stop.get(); k++) {
                  String label = "k" + k;
                  try {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(
                                    URI.create(base + "/api/v1/classes/" + label + "/images"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "image/png")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(t.pngs().get(k % 36)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201) {
                      acks.add(label);
                    }
                  } catch (Exception e) {
                    return; // the server died
                  }
                }
              });
      client.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acks.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(300));
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      client.join(30_000);
      answered.addAll(acks);
      next = first + acks.size() + 1; // skip the label that may have been in flight

      assertThat(LuceneGallery.check(t.gallery())).as("round %d CheckIndex", round).isNull();
      try (LuceneGallery g = LuceneGallery.open(t.gallery())) {
        Map<String, Integer> counts = g.labelCounts();
        for (String label : answered) {
          assertThat(counts).as("round %d: %s answered 201", round, label).containsEntry(label, 1);
        }
        long extra =
            counts.keySet().stream()
                .filter(l -> l.startsWith("k") && !answered.contains(l))
                .count();
        assertThat(extra).as("unanswered enrolments kept").isLessThanOrEqualTo(round + 1);
      }
    }
    assertThat(answered).hasSizeGreaterThanOrEqualTo(6);
  }

  static Process serve(TestModel t) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ServeForTest.class.getName(),
            t.model().toString(),
            t.gallery().toString(),
            TOKEN)
        .redirectError(t.model().resolveSibling("server.log").toFile())
        .start();
  }

  /** Reads the child's "PORT n" line; -1 when it died first. */
  static int portOf(Process child) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5));
      }
    }
    return -1;
  }

  @Test
  void sigtermDrainsTheRequestInFlightThenExits() throws Exception {
    TestModel t = TestModel.make(tmp);
    HttpClient http = HttpClient.newHttpClient();
    Process child = serve(t);
    int port = portOf(child);
    assertThat(port).as("the server started").isPositive();
    URI base = URI.create("http://127.0.0.1:" + port);
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < ArcmetricServer.MAX_PARTS; i++) {
      many.add(t.pngs().get(i % 36));
    }
    var pending =
        http.sendAsync(
            Multipart.request("POST", base.resolve("/api/v1/predict/batch"), "images", many)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // Wait until the batch is being answered: the scrape sees itself and the batch in flight.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean inFlight = false;
    while (!inFlight && !pending.isDone() && System.nanoTime() < deadline) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      inFlight = metrics.contains("arcmetric_http_in_flight 2.0");
    }
    assertThat(inFlight).as("the batch was seen in flight before it finished").isTrue();
    child.destroy(); // SIGTERM
    Path log = t.model().resolveSibling("server.log");
    HttpResponse<String> r;
    try {
      r = pending.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the answer broke off; server log:\n" + Files.readString(log), e);
    }
    assertThat(r.statusCode())
        .as("%s%nserver log:%n%s", r.body(), Files.readString(log))
        .isEqualTo(200);
    assertThat(new ObjectMapper().readTree(r.body()).get("predictions"))
        .hasSize(ArcmetricServer.MAX_PARTS);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the process exited").isTrue();
    assertThat(LuceneGallery.check(t.gallery())).isNull();
  }
}
