package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No command writes into a file system's root or among someone else's files. */
class OutputFolderCliTest {
  @TempDir Path tmp;

  @Test
  void theRootIsRefusedByEveryCommandThatWritesAFolder() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "a", 0, 4, 1);
    CliFixture.writeImages(data, "b", 1, 4, 2);
    CliFixture.Run train = CliFixture.trainTiny(data, Path.of("/"), "8");
    assertThat(train.code()).isEqualTo(2);
    assertThat(train.err()).contains("--out / is the root of a file system");
    assertThat(Path.of("/model.json")).doesNotExist();
  }

  @Test
  void aFolderOfOtherFilesIsRefusedAndLeftAsItWas() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "a", 0, 4, 1);
    CliFixture.writeImages(data, "b", 1, 4, 2);
    Path busy = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(busy.resolve("notes.txt"), "mine");
    CliFixture.Run train = CliFixture.trainTiny(data, busy, "8");
    assertThat(train.code()).isEqualTo(2);
    assertThat(train.err()).contains("already holds other files", "--out");
    try (var files = Files.list(busy)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }

    // an empty folder is fine
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThat(CliFixture.trainTiny(data, empty, "8").code()).isZero();

    // plot: others' files are refused; its own earlier output is replaced
    CliFixture.Run plot =
        CliFixture.run("plot", "--model", empty.toString(), "--out", busy.toString());
    assertThat(plot.code()).isEqualTo(1);
    assertThat(plot.err()).contains("was not made by 'arcmetric plot'");
    Path plots = tmp.resolve("plots");
    for (int run = 0; run < 2; run++) {
      CliFixture.Run again =
          CliFixture.run("plot", "--model", empty.toString(), "--out", plots.toString());
      assertThat(again.code()).as(again.err()).isZero();
    }
    try (var files = Files.list(busy)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }
  }
}
