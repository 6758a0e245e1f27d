package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under SIGKILL: a child JVM enrols batches into a gallery and acknowledges each commit;
 * it is killed at random moments, and every time the gallery must open, pass CheckIndex and hold
 * whole batches only: every acknowledged one, plus at most the one whose commit returned just
 * before the kill (its acknowledgement may not have been printed yet).
 */
class CrashTest {
  @TempDir Path tmp;

  @Test
  void killedEnrolmentLeavesTheLastCommit() throws Exception {
    Path dir = tmp.resolve("gallery");
    Random random = new Random(42);
    int batch = 400;
    int lastAck = -1;
    for (int round = 0; round < 6; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  EnrolUntilKilled.class.getName(),
                  dir.toString(),
                  Integer.toString(batch))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      List<Integer> acks = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("ACK ")) {
                      acks.add(Integer.parseInt(line.substring(4)));
                    }
                  }
                } catch (IOException e) {
                  // the pipe closes when the child dies
                }
              });
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acks.isEmpty() && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(5);
      }
      assertThat(acks).as("round %d: the child acknowledged a commit", round).isNotEmpty();
      Thread.sleep(random.nextInt(400)); // kill somewhere in a later commit, or between commits
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      lastAck = acks.get(acks.size() - 1);

      assertThat(LuceneGallery.check(dir)).as("round %d: CheckIndex", round).isNull();
      try (LuceneGallery g = LuceneGallery.open(dir)) {
        Map<String, Integer> counts = g.labelCounts();
        int batches = counts.size();
        assertThat(batches).as("round %d batches", round).isBetween(lastAck + 1, lastAck + 2);
        for (int b = 0; b < batches; b++) {
          assertThat(counts).as("round %d", round).containsEntry("b" + b, batch);
        }
        assertThat(g.size()).isEqualTo(batches * batch);
      }
    }
  }
}
