package org.arcmetric.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun's format: big-endian magic {@code
 * 0x00000803} for a 3-D {@code uint8} image tensor, {@code 0x00000801} for a 1-D label vector),
 * gzip-compressed or not (detected by the gzip magic bytes, not by the name).
 */
public final class IdxReader {
  private IdxReader() {}

  /** Images of an IDX3 file: {@code [count][rows*cols]} unsigned bytes, row-major. */
  public record Images(int rows, int cols, byte[][] pixels) {}

  public static Images readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != 0x00000803) {
        throw new IOException(file + ": not an IDX image file (magic " + hex(magic) + ")");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 24) {
        throw new IOException(file + ": implausible IDX header " + count + "x" + rows + "x" + cols);
      }
      byte[][] pixels = new byte[count][rows * cols];
      for (int i = 0; i < count; i++) {
        in.readFully(pixels[i]);
      }
      return new Images(rows, cols, pixels);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file", e);
    }
  }

  /** Labels of an IDX1 file, each 0–255. */
  public static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != 0x00000801) {
        throw new IOException(file + ": not an IDX label file (magic " + hex(magic) + ")");
      }
      int count = in.readInt();
      if (count < 0) {
        throw new IOException(file + ": negative label count");
      }
      byte[] raw = new byte[count];
      in.readFully(raw);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file", e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    return new DataInputStream(
        gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
  }

  private static String hex(int v) {
    return String.format("0x%08x", v);
  }
}
