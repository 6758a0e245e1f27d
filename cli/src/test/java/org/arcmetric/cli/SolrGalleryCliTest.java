package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.arcmetric.server.ArcmetricServer;
import org.arcmetric.server.ServerOptions;
import org.arcmetric.solr.LocalSolrProcess;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a SolrCloud gallery, as a user would run it: an in-process 2-node cluster in
 * a child JVM (built by the solr module's package phase), {@code enroll}, {@code predict}, {@code
 * gallery list/rename/remove/stats} and {@code calibrate} through {@code --gallery solr://…}, with
 * the same answers as on a local gallery folder ({@code bench-solr}'s JSON contract is tested in
 * the bench module).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolrGalleryCliTest {
  @TempDir static Path tmp;
  static final ObjectMapper JSON = new ObjectMapper();

  LocalSolrProcess solr;
  Path data;
  Path model;

  @BeforeAll
  void startClusterAndTrain() throws Exception {
    Path home = Path.of(System.getProperty("user.dir")).getParent(); // the project root
    solr = LocalSolrProcess.start(home, 2);
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 12, 1);
    CliFixture.writeImages(data, "vertical2", 2, 12, 3);
    CliFixture.writeImages(data, "horizontal3", 1, 12, 5);
    model = tmp.resolve("model");
    CliFixture.Run train = CliFixture.trainTiny(data, model, "8");
    assertThat(train.code()).as(train.err()).isZero();
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  @Test
  void enrolPredictListRenameRemoveOnSolrAnswerAsOnAFolder() throws Exception {
    String uri = solr.galleryUri("cli_gallery", 2);
    Path folder = tmp.resolve("local-gallery");
    for (String g : new String[] {uri, folder.toString()}) {
      CliFixture.Run enrol =
          CliFixture.run(
              "enroll", "--model", model.toString(), "--gallery", g, "--data", data.toString());
      assertThat(enrol.code()).as(enrol.err()).isZero();
      assertThat(enrol.out()).contains("it now holds 36 entries of 3 classes");
    }
    JsonNode onSolr = predict(uri);
    JsonNode onFolder = predict(folder.toString());
    assertThat(onSolr.size()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      JsonNode a = onSolr.get(i);
      JsonNode b = onFolder.get(i);
      assertThat(a.get("label").asText()).isEqualTo(b.get("label").asText());
      assertThat(a.get("score").asDouble())
          .isCloseTo(b.get("score").asDouble(), Offset.offset(1e-5));
    }
    assertThat(onSolr.get(0).get("label").asText()).isEqualTo("horizontal2");
    assertThat(onSolr.get(1).get("label").asText()).isEqualTo("vertical2");

    // evaluate and calibrate read the whole gallery: the same numbers from both engines
    Path val = tmp.resolve("val");
    CliFixture.writeImages(val, "horizontal2", 0, 6, 11);
    CliFixture.writeImages(val, "vertical2", 2, 6, 12);
    CliFixture.writeImages(val, "unseen", 1, 6, 14);
    double[] accuracy = new double[2];
    double[] threshold = new double[2];
    String[] both = {uri, folder.toString()};
    for (int i = 0; i < 2; i++) {
      CliFixture.Run eval =
          CliFixture.run(
              "evaluate",
              "--model",
              model.toString(),
              "--gallery",
              both[i],
              "--data",
              data.toString(),
              "--json");
      assertThat(eval.code()).as(eval.err()).isZero();
      accuracy[i] = JSON.readTree(eval.out()).get("accuracy").asDouble();
      CliFixture.Run cal =
          CliFixture.run(
              "gallery",
              "calibrate",
              "--model",
              model.toString(),
              "--gallery",
              both[i],
              "--data",
              val.toString(),
              "--target-far",
              "0.2");
      assertThat(cal.code()).as(cal.err()).isZero();
      JsonNode st =
          JSON.readTree(CliFixture.run("gallery", "stats", "--gallery", both[i], "--json").out());
      threshold[i] = st.get("calibration").get("global").asDouble();
    }
    assertThat(accuracy[0]).isEqualTo(accuracy[1]);
    assertThat(threshold[0]).isCloseTo(threshold[1], Offset.offset(1e-5));

    // the HTTP service on the Solr gallery: Javalin's Jetty 12 beside SolrJ's JDK client
    try (var server =
        ArcmetricServer.start(
            ServerOptions.builder().setModel(model).setGallery(uri).optPort(0).build())) {
      var http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      var classes =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/classes")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(classes.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(classes.body()).get("entries").asInt()).isEqualTo(36);
      var entries =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/classes/vertical2")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(entries.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(entries.body()).get("entries").size()).isEqualTo(12);
    }

    CliFixture.Run list = CliFixture.run("gallery", "list", "--gallery", uri, "--json");
    assertThat(list.code()).as(list.err()).isZero();
    JsonNode l = JSON.readTree(list.out());
    assertThat(l.get("entries").asInt()).isEqualTo(36);
    assertThat(l.get("labels").get("vertical2").asInt()).isEqualTo(12);

    CliFixture.Run rename =
        CliFixture.run("gallery", "rename", "--gallery", uri, "vertical2", "columns");
    assertThat(rename.code()).as(rename.err()).isZero();
    CliFixture.Run remove = CliFixture.run("gallery", "remove", "--gallery", uri, "horizontal3");
    assertThat(remove.code()).as(remove.err()).isZero();
    assertThat(remove.out()).contains("24 entries remain");
    CliFixture.Run stats = CliFixture.run("gallery", "stats", "--gallery", uri, "--json");
    assertThat(stats.code()).as(stats.err()).isZero();
    JsonNode st = JSON.readTree(stats.out());
    assertThat(st.get("path").asText()).startsWith("solr://").endsWith("/cli_gallery");
    assertThat(st.get("classes").asInt()).isEqualTo(2);

    // rebuild reads the Solr gallery into a new folder (with the same model: same answers)
    Path rebuilt = tmp.resolve("rebuilt-from-solr");
    CliFixture.Run rebuild =
        CliFixture.run(
            "gallery",
            "rebuild",
            "--model",
            model.toString(),
            "--gallery",
            uri,
            "--out",
            rebuilt.toString());
    assertThat(rebuild.code()).as(rebuild.err()).isZero();
    JsonNode rl =
        JSON.readTree(
            CliFixture.run("gallery", "list", "--gallery", rebuilt.toString(), "--json").out());
    assertThat(rl.get("entries").asInt()).isEqualTo(24);
    assertThat(rl.get("labels").get("columns").asInt()).isEqualTo(12);

    CliFixture.Run check = CliFixture.run("gallery", "check", "--gallery", uri);
    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out()).contains("is intact");

    CliFixture.Run missing = CliFixture.run("gallery", "remove", "--gallery", uri, "horizontal3");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("has no class 'horizontal3'");
  }

  private JsonNode predict(String gallery) throws Exception {
    CliFixture.Run p =
        CliFixture.run(
            "predict",
            "--model",
            model.toString(),
            "--gallery",
            gallery,
            "--mode",
            "centroid",
            "--threshold",
            "-1",
            "--json",
            data.resolve("horizontal2/horizontal20.png").toString(),
            data.resolve("vertical2/vertical23.png").toString());
    assertThat(p.code()).as(p.err()).isZero();
    return JSON.readTree(p.out()).get("predictions");
  }

  @Test
  void anotherModelsSolrGalleryIsRefusedAndABadUriIsAUsageError() throws Exception {
    String uri = solr.galleryUri("cli_other", 1);
    Path other = tmp.resolve("other-model");
    assertThat(CliFixture.trainTiny(data, other, "4").code()).isZero();
    assertThat(
            CliFixture.run(
                    "enroll",
                    "--model",
                    other.toString(),
                    "--gallery",
                    uri,
                    "--data",
                    data.toString())
                .code())
        .isZero();
    CliFixture.Run r =
        CliFixture.run(
            "enroll", "--model", model.toString(), "--gallery", uri, "--data", data.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("built with another model").contains("cli_other");
    CliFixture.Run bad = CliFixture.run("gallery", "list", "--gallery", "solr://nohost/solr/x");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--gallery").contains("solr://HOST:PORT/solr/COLLECTION");
  }
}
