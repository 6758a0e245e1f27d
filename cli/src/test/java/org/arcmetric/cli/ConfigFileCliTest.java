package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --config FILE}: a JSON file, a YAML file and the equivalent flags train the same
 * model; a model folder's own model.json trains it again; the command line wins over the file; an
 * unknown key, a value of the wrong type and a file that is not JSON each exit 2 in one line naming
 * the file, the line and the key.
 */
class ConfigFileCliTest {
  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();
  Path data;

  @BeforeEach
  void images() throws Exception {
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 12, 1);
    CliFixture.writeImages(data, "horizontal3", 1, 12, 2);
    CliFixture.writeImages(data, "vertical2", 2, 12, 3);
  }

  CliFixture.Run train(String... args) {
    List<String> a = new ArrayList<>(List.of("train", "--threads", "2"));
    a.addAll(List.of(args));
    return CliFixture.run(a.toArray(new String[0]));
  }

  JsonNode info(Path model) throws Exception {
    return json.readTree(model.resolve("model.json").toFile());
  }

  /** What must agree between two runs of the same options: the model and how it trained. */
  static List<JsonNode> same(JsonNode info) {
    ObjectNode training = info.get("training").deepCopy();
    return List.of(
        training,
        info.get("loss"),
        info.get("input"),
        info.get("embedding_dim"),
        info.get("fingerprint"));
  }

  @Test
  void jsonYamlAndFlagsTrainTheSameModelAndModelJsonTrainsItAgain() throws Exception {
    Path flags = tmp.resolve("flags");
    CliFixture.Run f =
        train(
            "--data",
            data.toString(),
            "--out",
            flags.toString(),
            "--epochs",
            "2",
            "--batch-size",
            "12",
            "--embedding-dim",
            "8",
            "--image-size",
            "16",
            "--channels",
            "3",
            "--augment",
            "none",
            "--lr",
            "0.005",
            "--seed",
            "3",
            "--val-fraction",
            "0.25",
            "--loss",
            "arcface:scale=16,margin=0.2");
    assertThat(f.code()).as(f.err()).isZero();

    Path jsonFile = tmp.resolve("run.json");
    Files.writeString(
        jsonFile,
        """
        {
          "data": "%s",
          "epochs": 2, "batch_size": 12, "embedding_dim": 8,
          "input": {"channels": 3, "height": 16, "width": 16},
          "augmentation": "none", "learning_rate": 0.005, "seed": 3, "val_fraction": 0.25,
          "loss": "arcface:scale=16,margin=0.2"
        }
        """
            .formatted(data.toString().replace("\\", "\\\\")));
    Path fromJson = tmp.resolve("json");
    CliFixture.Run j = train("--config", jsonFile.toString(), "--out", fromJson.toString());
    assertThat(j.code()).as(j.err()).isZero();
    assertThat(j.err()).contains("options from " + jsonFile);

    Path yamlFile = tmp.resolve("run.yaml");
    Files.writeString(
        yamlFile,
        """
        data: "%s"
        image_size: 16
        channels: 3
        training:
          epochs: 2
          batch_size: 12
          augmentation: none
          learning_rate: 0.005
          seed: 3
          val_fraction: 0.25
        embedding_dim: 8
        loss: {name: arcface, scale: 16, margin: 0.2}
        """
            .formatted(data));
    Path fromYaml = tmp.resolve("yaml");
    CliFixture.Run y = train("--config", yamlFile.toString(), "--out", fromYaml.toString());
    assertThat(y.code()).as(y.err()).isZero();

    Path again = tmp.resolve("again");
    CliFixture.Run r =
        train("--config", flags.resolve("model.json").toString(), "--out", again.toString());
    assertThat(r.code()).as(r.err()).isZero();

    List<JsonNode> expected = same(info(flags));
    assertThat(expected.get(1).get("scale").floatValue()).isEqualTo(16f);
    assertThat(same(info(fromJson))).isEqualTo(expected);
    assertThat(same(info(fromYaml))).isEqualTo(expected);
    assertThat(same(info(again))).isEqualTo(expected);
  }

  @Test
  void aVersionOneModelJsonStillTrainsAndTheNewFileIsVersionTwo() throws Exception {
    // the committed version-1 folder's model.json (flat training object) as a config; its data
    // and backbone file were on another machine, so the command line gives them
    Path v1 = Path.of("..", "core", "src", "test", "resources", "model-v1", "model.json");
    Path backbone = TorchScriptCliTest.FIXTURES.resolve("tiny-backbone.pt");
    Path out = tmp.resolve("from-v1");
    CliFixture.Run r =
        train(
            "--config",
            v1.toString(),
            "--data",
            data.toString(),
            "--backbone",
            "torchscript:" + backbone,
            "--epochs",
            "1",
            "--freeze-backbone-epochs",
            "1",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode info = info(out);
    assertThat(info.get("format_version").asInt()).isEqualTo(2);
    JsonNode t = info.get("training");
    // what the version-1 file chose, carried into version 2's records
    assertThat(t.at("/optimisation/batch_size").asInt()).isEqualTo(16);
    assertThat(t.at("/optimisation/epochs").asInt()).isEqualTo(1);
    assertThat(t.at("/data/augmentation").asText()).isEqualTo("none");
    assertThat(t.at("/data/seed").asLong()).isEqualTo(1);
    assertThat(t.at("/data/source").asText()).isEqualTo(data.toString());
    assertThat(t.at("/features/features").asText()).isEqualTo("embedding+zca");
    assertThat(t.at("/features/zca_between_weight").asDouble()).isEqualTo(0.3);
    assertThat(t.at("/run/epochs_completed").asInt()).isEqualTo(1);
    assertThat(info.at("/input/height").asInt()).isEqualTo(16);
    assertThat(info.get("embedding_dim").asInt()).isEqualTo(8);
  }

  @Test
  void aPresetGivesTheSameModelAsItsFlags() throws Exception {
    String[] common = {
      "--data",
      data.toString(),
      "--epochs",
      "1",
      "--batch-size",
      "12",
      "--embedding-dim",
      "8",
      "--image-size",
      "16",
      "--channels",
      "3",
      "--seed",
      "4"
    };
    Path flags = tmp.resolve("flags");
    List<String> a = new ArrayList<>(List.of(common));
    a.addAll(List.of("--out", flags.toString(), "--backbone", "resnet-small-s2"));
    CliFixture.Run f = train(a.toArray(new String[0]));
    assertThat(f.code()).as(f.err()).isZero();
    Path preset = tmp.resolve("preset");
    List<String> b = new ArrayList<>(List.of(common));
    b.addAll(List.of("--out", preset.toString(), "--preset", "fast"));
    CliFixture.Run p = train(b.toArray(new String[0]));
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.err()).contains("preset fast");
    assertThat(info(preset).get("backbone").asText()).isEqualTo("resnet-small-s2");
    assertThat(same(info(preset))).isEqualTo(same(info(flags)));
    // a --config value wins over the preset's
    Path file = tmp.resolve("mine.yaml");
    Files.writeString(file, "backbone: resnet-small\n");
    Path both = tmp.resolve("both");
    List<String> c = new ArrayList<>(List.of(common));
    c.addAll(List.of("--out", both.toString(), "--preset", "fast", "--config", file.toString()));
    CliFixture.Run r = train(c.toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(info(both).get("backbone").asText()).isEqualTo("resnet-small");
    // balanced is the defaults written out: on convnet-small, its own optimisation, the same model
    Path plain = tmp.resolve("plain");
    List<String> d = new ArrayList<>(List.of(common));
    d.addAll(List.of("--out", plain.toString()));
    assertThat(train(d.toArray(new String[0])).code()).isZero();
    Path balanced = tmp.resolve("balanced");
    List<String> e = new ArrayList<>(List.of(common));
    e.addAll(List.of("--out", balanced.toString(), "--preset", "balanced"));
    CliFixture.Run bal = train(e.toArray(new String[0]));
    assertThat(bal.code()).as(bal.err()).isZero();
    assertThat(info(balanced).get("backbone").asText()).isEqualTo("convnet-small");
    assertThat(info(balanced).at("/training/optimisation/optimizer").asText()).isEqualTo("sgd");
    assertThat(same(info(balanced))).isEqualTo(same(info(plain)));

    CliFixture.Run bad =
        train("--data", data.toString(), "--out", tmp.resolve("z").toString(), "--preset", "quick");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains("--preset: unknown preset 'quick'; the presets are fast, balanced");
  }

  @Test
  void theCommandLineWinsOverTheFile() throws Exception {
    Path file = tmp.resolve("run.yaml");
    Files.writeString(
        file,
        "data: " + data + "\nepochs: 3\nimage_size: 16\nchannels: 3\nbatch_size: 12\nseed: 2\n");
    Path out = tmp.resolve("model");
    CliFixture.Run r = train("--config", file.toString(), "--out", out.toString(), "--epochs", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(info(out).at("/training/optimisation/epochs").asInt()).isEqualTo(1);
    assertThat(info(out).at("/training/data/seed").asInt()).isEqualTo(2);
  }

  @Test
  void badFilesExitTwoInOneLineNamingTheKeyAndLine() throws Exception {
    Path unknown = tmp.resolve("unknown.yaml");
    Files.writeString(unknown, "epochs: 2\nlearning_rat: 0.1\n");
    Path wrong = tmp.resolve("wrong.json");
    Files.writeString(wrong, "{\n  \"training\": {\n    \"epochs\": \"ten\"\n  }\n}\n");
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, "{ \"epochs\": 2, ");
    String[][] cases = {
      {unknown.toString(), unknown + " line 2: unknown key 'learning_rat'"},
      {wrong.toString(), wrong + " line 3: epochs must be a whole number, not \"ten\""},
      {broken.toString(), broken + " is not valid JSON"},
      {tmp.resolve("none.json").toString(), "none.json does not exist"},
    };
    for (String[] c : cases) {
      Path out = tmp.resolve("out-" + Path.of(c[0]).getFileName());
      CliFixture.Run r =
          train("--data", data.toString(), "--config", c[0], "--out", out.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines().toList()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("arcmetric: --config: ").contains(c[1]);
      assertThat(out).doesNotExist();
    }
    CliFixture.Run x =
        train("--data", data.toString(), "--out", tmp.resolve("x").toString(), "-X", "no-such=1");
    assertThat(x.code()).isEqualTo(2);
    assertThat(x.err()).contains("-X no-such: not an experimental option");
    CliFixture.Run noData = train("--out", tmp.resolve("y").toString());
    assertThat(noData.code()).isEqualTo(2);
    assertThat(noData.err()).contains("--data is required");
  }
}
