package org.arcmetric.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void anExistingOutputIsRefusedNamingTheFlags(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out.parquet"));
    Files.writeString(out.resolve("keep.txt"), "kept");
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

  @Test
  void aRootOrAFolderOfOtherFilesIsNeverOverwritten(@TempDir Path tmp) throws Exception {
    for (String root : new String[] {"/", "s3a://bucket/", "hdfs://namenode:8020/", "file:/"}) {
      assertThatThrownBy(
              () ->
                  EmbedJobOptions.builder()
                      .setModel("m")
                      .setData("d")
                      .setOut(root)
                      .optOverwrite(true)
                      .build())
          .as(root)
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("root of a file system or bucket");
    }
    Files.writeString(tmp.resolve("notes.txt"), "mine");
    assertThatThrownBy(
            () ->
                EmbedJobOptions.builder()
                    .setModel("m")
                    .setData("d")
                    .setOut(tmp.toString())
                    .optOverwrite(true)
                    .build())
        .hasMessageContaining("holds notes.txt");
    Path earlier = Files.createDirectories(tmp.resolve("earlier"));
    Files.writeString(earlier.resolve("_SUCCESS"), "");
    Files.writeString(earlier.resolve("part-00000-x.snappy.parquet"), "");
    Files.writeString(earlier.resolve(".part-00000-x.snappy.parquet.crc"), "");
    assertThat(
            EmbedJobOptions.builder()
                .setModel("m")
                .setData("d")
                .setOut(earlier.toString())
                .optOverwrite(true)
                .build()
                .overwrite())
        .isTrue();
  }
}
