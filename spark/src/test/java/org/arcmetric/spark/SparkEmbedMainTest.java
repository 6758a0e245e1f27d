package org.arcmetric.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;

class SparkEmbedMainTest {
  @Test
  void badUsageExitsWith2BeforeAnySparkSessionStarts() {
    assertThat(SparkEmbedMain.execute("--model", "m", "--data", "d")).isEqualTo(2); // no --out
    assertThat(
            SparkEmbedMain.execute(
                "--model", "m", "--data", "d", "--out", "o", "--partitions", "-1"))
        .isEqualTo(2);
  }

  @Test
  void anExistingOutputIsRefusedNamingTheFlags(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path out = java.nio.file.Files.createDirectories(tmp.resolve("out.parquet"));
    java.nio.file.Files.writeString(out.resolve("keep.txt"), "kept");
    int code =
        SparkEmbedMain.execute(
            "--model",
            tmp.resolve("no-model").toString(),
            "--data",
            tmp.toString(),
            "--out",
            out.toString(),
            "--master",
            "local[1]");
    assertThat(code).isEqualTo(2);
    assertThat(out.resolve("keep.txt")).hasContent("kept");
  }

  @Test
  void theOptionsNameTheMissingField() {
    assertThatThrownBy(() -> EmbedJobOptions.builder().setModel("m").setOut("o").build())
        .isInstanceOf(InvalidOptionException.class)
        .satisfies(e -> assertThat(((InvalidOptionException) e).template()).startsWith("{data}"));
  }
}
