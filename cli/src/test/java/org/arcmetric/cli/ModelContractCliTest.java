package org.arcmetric.cli;

import static org.arcmetric.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** An edited model.json is refused with the field named, never answered from silently. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelContractCliTest {
  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  Path data;
  Path model;

  @BeforeAll
  void trainOnce() throws Exception {
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "h", 0, 10, 1);
    CliFixture.writeImages(data, "v", 2, 10, 3);
    model = tmp.resolve("model");
    CliFixture.Run train = CliFixture.trainTiny(data, model, "8");
    assertThat(train.code()).as(train.err()).isZero();
  }

  /** A copy of the model folder with model.json edited. */
  Path edited(String name, Consumer<ObjectNode> edit) throws Exception {
    Path copy = Files.createDirectories(tmp.resolve(name));
    for (String f : new String[] {"model.json", "embedding-0000.params"}) {
      Files.copy(model.resolve(f), copy.resolve(f));
    }
    ObjectNode info = (ObjectNode) json.readTree(copy.resolve("model.json").toFile());
    edit.accept(info);
    json.writeValue(copy.resolve("model.json").toFile(), info);
    return copy;
  }

  /** Embeds the training folder with {@code m}: any command that loads a model would do. */
  CliFixture.Run predict(Path m) {
    return run(
        "embed",
        "--model",
        m.toString(),
        "--data",
        data.toString(),
        "--out",
        m.resolve("e.csv").toString());
  }

  @Test
  void theUneditedModelAnswersAndRecordsItsContract() throws Exception {
    CliFixture.Run r = predict(model);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json.readTree(model.resolve("model.json").toFile()).path("contract").asText())
        .startsWith("sha256:");
  }

  @Test
  void anEditedInputOrNormalisationIsRefused() throws Exception {
    Path size =
        edited("m-size", i -> ((ObjectNode) i.get("input")).put("height", 20).put("width", 20));
    CliFixture.Run r = predict(size);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("model.json", "input", "normalization", "trained with");

    Path mean =
        edited("m-mean", i -> ((ObjectNode) i.get("normalization")).putArray("mean").add(0.25));
    r = predict(mean);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("trained with");
  }

  @Test
  void nonFiniteNumbersAreRefusedNamingTheField() throws Exception {
    Path nan =
        edited("m-nan", i -> ((ObjectNode) i.get("normalization")).putArray("mean").add("NaN"));
    CliFixture.Run r = predict(nan);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("normalization", "finite").doesNotContain("Exception");
  }

  @Test
  void aNullOrPartialFileNamesWhatIsMissing() throws Exception {
    Path empty = edited("m-null", i -> {});
    Files.writeString(empty.resolve("model.json"), "null");
    CliFixture.Run r = predict(empty);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("model.json", "no model description").doesNotContain("is null");

    for (String field : new String[] {"input", "normalization", "backbone", "embedding_dim"}) {
      Path partial = edited("m-no-" + field, i -> i.remove(field));
      r = predict(partial);
      assertThat(r.code()).as(field).isEqualTo(1);
      assertThat(r.err()).as(field).contains("field " + field + " is missing");
    }
  }
}
