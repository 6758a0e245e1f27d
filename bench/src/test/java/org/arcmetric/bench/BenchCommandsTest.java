package org.arcmetric.bench;

import static org.arcmetric.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.arcmetric.cli.CliFixture;
import org.arcmetric.cli.CliFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark commands run end to end on tiny inputs and print the tables BENCHMARKS.md quotes
 * (their numbers are measured in the benchmarks, not asserted here; their sanity is).
 */
class BenchCommandsTest {
  @TempDir Path tmp;

  /** The value cells of the table row whose first cell starts with {@code name}. */
  static List<String> row(String out, String name) {
    return out.lines()
        .filter(l -> l.startsWith("| " + name))
        .findFirst()
        .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).skip(2).toList())
        .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + out));
  }

  @Test
  void benchGalleryMeasuresRecallAgainstTheExactScan() {
    for (String int8 : new String[] {"", "--int8"}) {
      Path out = tmp.resolve("gallery" + int8);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "bench-gallery",
                  "--entries",
                  "3000",
                  "--dim",
                  "16",
                  "--clusters",
                  "20",
                  "--queries",
                  "50",
                  "--out",
                  out.toString()));
      if (!int8.isEmpty()) {
        args.add(int8);
      }
      Run r = run(args.toArray(new String[0]));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("3,000 entries of dimension 16");
      double recall10 = Double.parseDouble(row(r.out(), "HNSW recall@10").get(0));
      assertThat(recall10).as("recall@10 %s", int8).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
      assertThat(Double.parseDouble(row(r.out(), "exact queries/s, 1 thread").get(0))).isPositive();
      assertThat(out).isDirectory();
    }
    Run again = run("bench-gallery", "--entries", "10", "--out", tmp.resolve("gallery").toString());
    assertThat(again.code()).as("an existing --out is refused").isNotZero();
  }

  @Test
  void benchServerAnswersEveryRequestAndReportsMemory() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 12, 1);
    CliFixture.writeImages(data, "vertical2", 2, 12, 3);
    Path model = tmp.resolve("model");
    Path gallery = tmp.resolve("gallery");
    Run train = CliFixture.trainTiny(data, model, "8");
    assertThat(train.code()).as(train.err()).isZero();
    Run enrol =
        run("enroll", "--model", model + "", "--gallery", gallery + "", "--data", data + "");
    assertThat(enrol.code()).as(enrol.err()).isZero();
    Run r =
        run(
            "bench-server",
            "--model",
            model.toString(),
            "--gallery",
            gallery.toString(),
            "--image",
            data.resolve("vertical2/vertical20.png").toString(),
            "--concurrency",
            "1,3",
            "--seconds",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    for (String c : new String[] {"1", "3"}) {
      List<String> cells = row(r.out(), c + " ");
      assertThat(Double.parseDouble(cells.get(0))).as("requests/s at %s", c).isPositive();
      assertThat(cells.get(4)).as("errors at %s", c).isEqualTo("0");
      // "RSS MB before → after": two numbers on Linux
      assertThat(cells.get(6)).matches("\\d+ → \\d+");
    }
  }
}
