package org.arcmetric.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExportTest {
  static final float[][] V = {{0.6f, -0.8f, 0f}, {1e-7f, 0.5f, -0.25f}};
  static final List<String> LABELS = List.of("Ankle boot", "a,\"b\"");
  static final List<String> SOURCES = List.of("x/1.png", "y/2.png");

  @Test
  void npyHasTheNumpyLayout(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("e.npy");
    assertThat(EmbeddingExport.write(f, V, LABELS, SOURCES))
        .containsExactly(f, dir.resolve("e.labels.txt"));
    byte[] b = Files.readAllBytes(f);
    assertThat(b[0] & 0xff).isEqualTo(0x93);
    assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    assertThat((10 + headerLength) % 64).isZero();
    String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
    assertThat(header).contains("'shape': (2, 3)").contains("'<f4'").endsWith("\n");
    ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : V) {
      for (float x : row) {
        assertThat(data.getFloat()).isEqualTo(x);
      }
    }
    assertThat(b).hasSize(10 + headerLength + 24);
    assertThat(Files.readAllLines(dir.resolve("e.labels.txt"))).isEqualTo(LABELS);
  }

  @Test
  void numpyLoadsTheNpyFile(@TempDir Path dir) throws Exception {
    assumeThat(python("import numpy")).as("python3 with numpy").isZero();
    Path f = dir.resolve("e.npy");
    EmbeddingExport.write(f, V, LABELS, SOURCES);
    String script =
        "import numpy as np, sys\n"
            + "a = np.load(sys.argv[1])\n"
            + "assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)\n"
            + "assert (a == np.array([[0.6, -0.8, 0], [1e-7, 0.5, -0.25]], dtype=np.float32)).all()\n";
    assertThat(python(script, f.toString())).isZero();
  }

  @Test
  void csvQuotesAndTsvHasMetadata(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("e.csv");
    EmbeddingExport.write(csv, V, LABELS, SOURCES);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("label,source,e0,e1,e2");
    assertThat(lines.get(1)).isEqualTo("Ankle boot,x/1.png,0.6,-0.8,0.0");
    assertThat(lines.get(2)).startsWith("\"a,\"\"b\"\"\",y/2.png,1.0E-7,");
    Path tsv = dir.resolve("vectors.tsv");
    EmbeddingExport.write(tsv, V, LABELS, SOURCES);
    assertThat(Files.readAllLines(tsv)).containsExactly("0.6\t-0.8\t0.0", "1.0E-7\t0.5\t-0.25");
    assertThat(Files.readAllLines(dir.resolve("metadata.tsv")))
        .containsExactly("label\tsource", "Ankle boot\tx/1.png", "a,\"b\"\ty/2.png");
    assertThat(dir.toFile().list()).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  void unknownEndingIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> EmbeddingExport.write(dir.resolve("e.bin"), V, LABELS, SOURCES))
        .hasMessageContaining(".npy, .csv or .tsv");
  }

  private static int python(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1; // no python3
    }
  }
}
