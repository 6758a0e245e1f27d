package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.compute.CpuFeatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code train} computes: {@code --precision} (forcing float32 works on a CPU with bfloat16,
 * and bfloat16 on any CPU), said in its first lines and recorded in {@code model.json}; and the
 * network chosen for the input size, recorded there too.
 */
class ComputeCliTest {
  @TempDir Path tmp;
  private String before;

  @BeforeEach
  void keepTheProperty() {
    before = System.getProperty(ComputeMode.PRECISION_PROPERTY);
  }

  @AfterEach
  void restoreTheProperty() {
    // --precision sets a system property of this (shared) test JVM
    if (before == null) {
      System.clearProperty(ComputeMode.PRECISION_PROPERTY);
    } else {
      System.setProperty(ComputeMode.PRECISION_PROPERTY, before);
    }
  }

  @Test
  void eachPrecisionTrainsAndIsRecorded() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 16, 1);
    CliFixture.writeImages(data, "vertical2", 2, 16, 3);
    for (String p : new String[] {"fp32", "bf16"}) {
      Path model = tmp.resolve("model-" + p);
      String[] progress = new String[1];
      CliFixture.Run r =
          withStderr(() -> CliFixture.trainTiny(data, model, "8", "--precision", p), progress);
      assertThat(r.code()).as(r.err()).isZero();
      String expected =
          p.equals("fp32")
              ? "compute: float32, channels-last on "
              : "compute: bfloat16 mixed precision (float32 master weights, head and loss),"
                  + " channels-last on ";
      assertThat(progress[0]).contains(expected + CpuFeatures.detect());
      JsonNode compute =
          new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("compute");
      assertThat(compute.get("precision").asText()).isEqualTo(p);
      assertThat(compute.get("channels_last").asBoolean()).isTrue();
      assertThat(compute.get("cpu").asText()).isEqualTo(CpuFeatures.detect().toString());
      // the folder embeds in the other precision too
      CliFixture.Run predict =
          CliFixture.run(
              "embed",
              "--model",
              model.toString(),
              "--data",
              data.toString(),
              "--out",
              tmp.resolve(p + ".csv").toString(),
              "--precision",
              p.equals("fp32") ? "bf16" : "fp32");
      assertThat(predict.code()).as(predict.err()).isZero();
    }
  }

  @Test
  void theNetworkChosenForTheInputSizeIsWhatModelJsonRecords() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 16, 1);
    CliFixture.writeImages(data, "vertical2", 2, 16, 3);
    for (String[] c :
        new String[][] {
          {"16", "resnet-small", "1"}, {"16", "convnet-small", "3"}, {"72", "resnet-small-s2", "1"}
        }) {
      Path model = tmp.resolve("model-" + c[0] + "-" + c[2]);
      String[] progress = new String[1];
      CliFixture.Run r =
          withStderr(
              () ->
                  CliFixture.run(
                      "train",
                      "--data",
                      data.toString(),
                      "--out",
                      model.toString(),
                      "--epochs",
                      "1",
                      "--image-size",
                      c[0],
                      "--channels",
                      c[2],
                      "--batch-size",
                      "16",
                      "--embedding-dim",
                      "8",
                      "--augment",
                      "none"),
              progress);
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
      assertThat(info.get("backbone").asText()).isEqualTo(c[1]);
      assertThat(progress[0]).contains("training " + c[1] + " (");
      // each network's own optimisation (DefaultRecipe), as recorded
      JsonNode optimisation = info.path("training").path("optimisation");
      JsonNode experimental = info.path("training").path("experimental");
      boolean plain = c[1].equals("convnet-small");
      assertThat(optimisation.path("optimizer").asText()).isEqualTo(plain ? "sgd" : "adam");
      assertThat(optimisation.path("learning_rate").asDouble()).isEqualTo(plain ? 0.05 : 0.001);
      assertThat(optimisation.path("margin_warmup_epochs").asDouble()).isEqualTo(plain ? 3 : 0);
      assertThat(experimental.path("lookahead").asBoolean()).isEqualTo(plain);
      assertThat(experimental.path("nesterov").asBoolean()).isEqualTo(plain);
    }
  }

  /** Runs {@code run} with the process's stderr (where training reports progress) captured. */
  private static CliFixture.Run withStderr(Supplier<CliFixture.Run> run, String[] captured) {
    PrintStream before = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return run.get();
    } finally {
      System.setErr(before);
      captured[0] = bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void anUnknownPrecisionIsAUsageError() {
    CliFixture.Run r =
        CliFixture.run(
            "train", "--data", "x", "--out", tmp.resolve("m").toString(), "--precision", "fp16");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown --precision 'fp16': choose auto, fp32 or bf16");
  }
}
