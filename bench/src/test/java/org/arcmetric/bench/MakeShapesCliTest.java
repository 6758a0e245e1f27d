package org.arcmetric.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.arcmetric.cli.CliFixture;
import org.arcmetric.cli.CliFixture.Run;
import org.arcmetric.cli.DemoCommand;
import org.arcmetric.cli.DemoCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make-shapes and compare-losses through the whole command line: the same seed writes the same
 * images, and neither writes into a folder it did not make (nor the root of a file system).
 */
class MakeShapesCliTest {
  @TempDir Path tmp;

  static Run run(String... args) {
    return CliFixture.run(args);
  }

  @Test
  void makeShapesWritesTheSameImagesForTheSameSeedAndKeepsExistingData() throws Exception {
    Path a = tmp.resolve("a");
    Run r =
        run(
            "make-shapes",
            "--out",
            a.toString(),
            "--train-per-class",
            "2",
            "--test-per-class",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 20 classes");
    Path b = tmp.resolve("b");
    run("make-shapes", "--out", b.toString(), "--train-per-class", "2", "--test-per-class", "1");
    assertThat(Files.readAllBytes(a.resolve("train/heart/0001.png")))
        .isEqualTo(Files.readAllBytes(b.resolve("train/heart/0001.png")));
    Run again = run("make-shapes", "--out", a.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already holds train/ or test/");
  }

  @Test
  void theRootAndOthersFoldersAreRefused() throws Exception {
    Run shapes = CliFixture.run("make-shapes", "--out", "/", "--train-per-class", "1");
    assertThat(shapes.code()).isEqualTo(2);
    assertThat(shapes.err()).contains("root of a file system");
    assertThat(Path.of("/train")).doesNotExist();
    Path busy = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(busy.resolve("notes.txt"), "mine");
    Run other = CliFixture.run("make-shapes", "--out", busy.toString(), "--train-per-class", "1");
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.err()).contains("already holds other files");
  }

  @Test
  void aBadOptionLeavesThePreviousComparisonInPlace() throws Exception {
    String data = DemoCommandTest.DATA;
    Path runs = tmp.resolve("comparison");
    Path arcface = Files.createDirectories(runs.resolve("arcface-1"));
    Files.writeString(arcface.resolve(DemoCommand.MARKER), "made by arcmetric x\n");
    Files.writeString(arcface.resolve("kept.txt"), "the last run");
    Run compare =
        CliFixture.run(
            "compare-losses",
            "--out",
            runs.toString(),
            "--data-dir",
            data,
            "--losses",
            "arcface",
            "--epochs",
            "0");
    assertThat(compare.code()).as(compare.err()).isEqualTo(2);
    assertThat(arcface.resolve("kept.txt")).hasContent("the last run");
  }
}
