package org.arcmetric.embed;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * Writes embeddings in formats other tools read, chosen by the file name's ending:
 *
 * <ul>
 *   <li>{@code X.npy}: NumPy format 1.0, a C-order little-endian float32 matrix of shape (n, d),
 *       with {@code X.labels.txt} beside it (one label per line);
 *   <li>{@code X.csv}: a header {@code label,source,e0..e(d-1)}, then one row per image (RFC 4180
 *       quoting);
 *   <li>{@code X.tsv}: the TensorBoard Embedding Projector's pair, tab-separated vectors without a
 *       header, and {@code metadata.tsv} beside it with a {@code label\tsource} header.
 * </ul>
 *
 * Each file is written to a temporary name and moved into place, so a failure leaves no half file.
 * Stateless and thread-safe.
 */
public final class EmbeddingExport {
  private EmbeddingExport() {}

  /** The formats, by ending. */
  public enum Format {
    NPY,
    CSV,
    TSV;

    /** The format of {@code file}'s ending, refused with the choices if there is none. */
    public static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      for (Format f : values()) {
        if (name.endsWith("." + f.name().toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      throw new InvalidOptionException(
          "{out} " + file + ": end the file name with .npy, .csv or .tsv to choose the format");
    }
  }

  /**
   * Writes {@code vectors} (n × d) with their labels and sources.
   *
   * @return every file written
   */
  public static List<Path> write(
      Path file, float[][] vectors, List<String> labels, List<String> sources) throws IOException {
    if (vectors.length != labels.size() || vectors.length != sources.size()) {
      throw new IllegalArgumentException("one label and one source per vector are needed");
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    List<Path> written = new ArrayList<>();
    switch (Format.of(file)) {
      case NPY -> {
        atomically(file, out -> writeNpy(out, vectors));
        Path labelFile = sibling(file, ".npy", ".labels.txt");
        atomically(
            labelFile, out -> lines(out, labels.stream().map(EmbeddingExport::tsvField).toList()));
        written.add(file);
        written.add(labelFile);
      }
      case CSV -> {
        atomically(file, out -> writeCsv(out, vectors, labels, sources));
        written.add(file);
      }
      case TSV -> {
        atomically(file, out -> writeTsv(out, vectors));
        Path meta = parent.resolve("metadata.tsv");
        if (meta.equals(file.toAbsolutePath())) {
          throw new InvalidOptionException(
              "{out} " + file + ": metadata.tsv is the labels file; name the vectors otherwise");
        }
        List<String> rows = new ArrayList<>();
        rows.add("label\tsource");
        for (int i = 0; i < labels.size(); i++) {
          rows.add(tsvField(labels.get(i)) + "\t" + tsvField(sources.get(i)));
        }
        atomically(meta, out -> lines(out, rows));
        written.add(file);
        written.add(meta);
      }
      default -> throw new AssertionError();
    }
    return written;
  }

  /** The NumPy 1.0 header for a float32 (n, d) matrix, padded so the data starts at 64·k. */
  static byte[] npyHeader(int n, int d) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
    b.put((byte) 1).put((byte) 0).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  private static void writeNpy(OutputStream out, float[][] vectors) throws IOException {
    int d = vectors.length == 0 ? 0 : vectors[0].length;
    out.write(npyHeader(vectors.length, d));
    ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] v : vectors) {
      row.clear();
      for (float x : v) {
        row.putFloat(x);
      }
      out.write(row.array());
    }
  }

  private static void writeCsv(
      OutputStream out, float[][] vectors, List<String> labels, List<String> sources)
      throws IOException {
    BufferedWriter w = writer(out);
    int d = vectors.length == 0 ? 0 : vectors[0].length;
    w.write("label,source");
    for (int j = 0; j < d; j++) {
      w.write(",e" + j);
    }
    w.write("\n");
    for (int i = 0; i < vectors.length; i++) {
      w.write(csvField(labels.get(i)) + "," + csvField(sources.get(i)));
      for (float x : vectors[i]) {
        w.write("," + x);
      }
      w.write("\n");
    }
    w.flush();
  }

  private static void writeTsv(OutputStream out, float[][] vectors) throws IOException {
    BufferedWriter w = writer(out);
    for (float[] v : vectors) {
      for (int j = 0; j < v.length; j++) {
        w.write(j == 0 ? "" : "\t");
        w.write(Float.toString(v[j]));
      }
      w.write("\n");
    }
    w.flush();
  }

  static String csvField(String s) {
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static String tsvField(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  private static void lines(OutputStream out, List<String> rows) throws IOException {
    BufferedWriter w = writer(out);
    for (String r : rows) {
      w.write(r);
      w.write("\n");
    }
    w.flush();
  }

  private static BufferedWriter writer(OutputStream out) {
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  private static Path sibling(Path file, String ending, String replacement) {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.length() - ending.length());
    return file.resolveSibling(stem + replacement);
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private static void atomically(Path file, Body body) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
      body.write(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
