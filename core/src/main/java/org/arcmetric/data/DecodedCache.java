package org.arcmetric.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A folder of images decoded once at a training size into one file, read back image by image
 * (positional reads through the operating system's page cache), so a training set never has to fit
 * in the heap nor in the process's resident memory and later runs do not decode its JPEGs again.
 * The file holds the pixels ({@code count × C·H·W} bytes), then a JSON header ({@link Header}: the
 * input shape, the sources and labels kept, the files skipped) and its offset; its name comes from
 * the folder and the shape, and its header records the folder's file list with each file's size and
 * modification time ({@link #fingerprint}), so a folder whose files changed is decoded again.
 * Decoding runs on the reader's worker threads with a bounded number of images in flight, written
 * in file order to a temporary file moved into place when whole. Thread-safe (no state).
 */
public final class DecodedCache {
  private static final byte[] MAGIC = "arcdec1\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecodedCache() {}

  /**
   * The header of a cache file.
   *
   * @param input {@code [channels, height, width]}
   * @param fingerprint {@link #fingerprint} of the folder's files when it was decoded
   * @param sources the images kept, in order
   * @param labels their labels
   * @param notImages files skipped because their bytes are not an image
   * @param bad corrupt images skipped (with {@code skipBadImages})
   */
  public record Header(
      List<Integer> input,
      String fingerprint,
      List<String> sources,
      List<String> labels,
      int notImages,
      List<String> bad) {}

  /**
   * Where decoded caches go by default: {@code $ARCMETRIC_CACHE/decoded}, else {@code
   * ~/.cache/arcmetric/decoded}.
   */
  public static Path defaultDir() {
    return CacheRoot.dir("decoded");
  }

  /**
   * SHA-256 over the files in order with their labels, sizes and modification times, the shape,
   * whether bad images are skipped and the formats the decoder reads.
   */
  public static String fingerprint(
      List<Path> files, List<String> labels, InputShape shape, boolean skipBad) throws IOException {
    MessageDigest md = digest();
    // the formats the decoder reads: a cache made before it read a format (TIFF) counted such
    // files as not images, and is decoded again
    md.update(
        (shape + "|" + skipBad + "|" + ImageDecoder.READABLE + "\n")
            .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < files.size(); i++) {
      BasicFileAttributes a = Files.readAttributes(files.get(i), BasicFileAttributes.class);
      md.update(
          (files.get(i)
                  + "\0"
                  + labels.get(i)
                  + "\0"
                  + a.size()
                  + "@"
                  + a.lastModifiedTime().toMillis()
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /** The cache file's name for {@code root} at {@code shape}. */
  static String fileName(Path root, InputShape shape) {
    String key = root.toAbsolutePath().normalize() + "|" + shape;
    return "decoded-"
        + HexFormat.of()
            .formatHex(digest().digest(key.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 24)
        + ".bin";
  }

  /** Decodes one file: its pixels at the shape, or null when its bytes are not an image. */
  @FunctionalInterface
  interface Decoder {
    byte[] decode(Path file) throws IOException;
  }

  /**
   * The images of {@code files} (labelled {@code labels}) at {@code shape}: read from the cache of
   * {@code root} in {@code dir} when its fingerprint matches, else decoded on {@code pool} into a
   * new cache file first.
   *
   * @throws BadImageException for a corrupt image, unless {@code skipBad}
   */
  static LoadedData load(
      Path dir,
      Path root,
      List<Path> files,
      List<String> labels,
      InputShape shape,
      boolean skipBad,
      Decoder decoder,
      ExecutorService pool,
      int inFlight)
      throws IOException {
    String fingerprint = fingerprint(files, labels, shape, skipBad);
    Path file = dir.resolve(fileName(root, shape));
    LoadedData cached = read(file, shape, fingerprint);
    if (cached != null) {
      return cached;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      List<String> sources = new ArrayList<>();
      List<String> kept = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      int notImages = 0;
      Deque<Future<byte[]>> queue = new ArrayDeque<>();
      int next = 0;
      for (int i = 0; i < files.size(); i++) {
        while (next < files.size() && queue.size() < inFlight) {
          Path f = files.get(next++);
          queue.add(pool.submit(() -> decoder.decode(f)));
        }
        byte[] px = ImageFolderReader.take(queue.poll(), files.get(i), skipBad, bad);
        if (px == ImageFolderReader.SKIPPED) {
          continue;
        }
        if (px == null) {
          notImages++;
          continue;
        }
        ByteBuffer b = ByteBuffer.wrap(px);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        sources.add(files.get(i).toString());
        kept.add(labels.get(i));
      }
      byte[] header =
          JSON.writeValueAsBytes(
              new Header(
                  List.of(shape.channels(), shape.height(), shape.width()),
                  fingerprint,
                  sources,
                  kept,
                  notImages,
                  bad));
      long headerAt = ch.position();
      ByteBuffer tail = ByteBuffer.allocate(header.length + 8 + MAGIC.length);
      tail.order(ByteOrder.LITTLE_ENDIAN).put(header).putLong(headerAt).put(MAGIC).flip();
      while (tail.hasRemaining()) {
        ch.write(tail);
      }
      ch.force(false);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    LoadedData written = read(file, shape, fingerprint);
    if (written == null) {
      throw new IOException(file + " could not be read back after it was written");
    }
    return written;
  }

  /**
   * The images in {@code file} if it is a whole cache of {@code shape} with {@code fingerprint};
   * null if there is no such file, or it is of other files, another shape, damaged or cut short.
   */
  static LoadedData read(Path file, InputShape shape, String fingerprint) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8 + MAGIC.length) {
        return null;
      }
      ByteBuffer tail = ByteBuffer.allocate(8 + MAGIC.length).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(tail, size - tail.capacity());
      tail.flip();
      long headerAt = tail.getLong();
      byte[] magic = new byte[MAGIC.length];
      tail.get(magic);
      if (!Arrays.equals(magic, MAGIC) || headerAt < 0 || headerAt > size - tail.capacity()) {
        return null;
      }
      ByteBuffer json = ByteBuffer.allocate((int) (size - tail.capacity() - headerAt));
      ch.read(json, headerAt);
      Header h;
      try {
        h = JSON.readValue(json.array(), Header.class);
      } catch (IOException e) {
        return null;
      }
      int values = shape.values();
      if (!h.fingerprint().equals(fingerprint)
          || !h.input().equals(List.of(shape.channels(), shape.height(), shape.width()))
          || (long) h.sources().size() * values != headerAt) {
        return null;
      }
      int count = h.sources().size();
      // read with positional reads through the page cache, not mapped: mapped pages count in the
      // process's resident memory as an epoch touches them, read ones do not
      FileChannel reader = FileChannel.open(file, StandardOpenOption.READ);
      ImageSet images =
          new ImageSet(
              shape, h.labels(), h.sources(), new PixelStore.FileBacked(reader, values, count));
      return new LoadedData(images, new LoadReport(count, h.notImages(), h.bad()));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
