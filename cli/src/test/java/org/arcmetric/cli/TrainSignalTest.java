package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a training process (what {@code kill} and a closing terminal send; Ctrl-C is SIGINT,
 * handled by the same hook): the process stops at the next step with one line naming the
 * checkpoint, exits with the signal's status, leaves no JVM crash log, and the run resumes from
 * that checkpoint.
 */
class TrainSignalTest {
  @TempDir Path tmp;

  @Test
  void sigtermStopsTrainingCleanlyAndTheRunResumes() throws Exception {
    Path data = tmp.resolve("data");
    for (int k = 0; k < 3; k++) {
      CliFixture.writeImages(data, "c" + k, k, 12, k);
    }
    Path model = tmp.resolve("model");
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path err = tmp.resolve("err.txt");
    List<String> train = CliFixture.tinyTrainArgs(data, model, "8");
    List<String> command =
        Stream.concat(
                Stream.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()),
                Stream.concat(train.stream(), Stream.of("--epochs", "100000")))
            .toList();
    Process child =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectError(err.toFile())
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(err).contains("epoch 1:")
        && child.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(child.isAlive()).as("still training after its first epoch").isTrue();
    child.destroy(); // SIGTERM
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(child.exitValue()).as(log).isEqualTo(143); // 128 + SIGTERM, not a crash's 134
    assertThat(log).contains("arcmetric: stopping training after the current step");
    Matcher m =
        Pattern.compile(
                "arcmetric: training stopped on request at epoch (\\d+) of 100000, step \\d+; the"
                    + " checkpoint of epoch (\\d+) is kept in (\\S+): train again with the same"
                    + " options and --resume to continue from it")
            .matcher(log);
    assertThat(m.find()).as(log).isTrue();
    int saved = Integer.parseInt(m.group(2));
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(saved + 1);
    assertThat(saved).isPositive();
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith("hs_err"));
    }
    assertThat(model.resolve("model.json")).doesNotExist();
    assertThat(Files.readAllLines(model.resolve("train-log.jsonl"))).hasSize(saved);

    List<String> resume =
        Stream.concat(
                train.stream(), Stream.of("--epochs", Integer.toString(saved + 1), "--resume"))
            .toList();
    CliFixture.Run r = CliFixture.run(resume.toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(model.resolve("model.json")).exists();
    assertThat(Files.readAllLines(model.resolve("train-log.jsonl"))).hasSize(saved + 1);
  }
}
