package org.arcmetric.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.arcmetric.data.CacheRoot;
import org.arcmetric.data.FolderWatch;
import org.arcmetric.data.ImageSet;

/**
 * One file of frozen-backbone features ({@link FeatureTable}) kept between runs, so that training
 * the same data on the same backbone again skips the backbone's forward passes. The file is a magic
 * line, a JSON header ({@link Key}) and the floats, little-endian, read back memory-mapped (the
 * features never need to fit in the Java heap).
 *
 * <p>Its name comes from everything that decides the features and from the folder the images are in
 * ({@link #location}), but not from the images themselves ({@link Key#fileName}): two data sets on
 * one backbone keep a file each, and a folder that gains, loses or changes photos rebuilds its own
 * file in place. The header also records the images (their sources, labels, sizes and modification
 * times: {@link #dataFingerprint}), so a file whose images changed is rebuilt, and a file that
 * belongs to another backbone, input or augmentation is refused ({@link #read}). Writes go to a
 * temporary file moved into place, so a reader never sees a half-written cache. Thread-safe (no
 * state).
 */
public final class FeatureCache {
  private static final byte[] MAGIC = "arcmetric-features 1\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeatureCache() {}

  /**
   * What decides the features of a training set.
   *
   * @param backbone the backbone's identity (its name and the SHA-256 of its file)
   * @param input {@code [channels, height, width]} the images are resized to
   * @param normalization the input normalisation, as text
   * @param augmentation the augmentation of views 1 … views−1
   * @param views views per image
   * @param seed the seed of the views' augmentation
   * @param count images
   * @param dim floats per feature vector
   * @param data {@link #dataFingerprint} of the images, in order
   * @param location {@link #location} of the images: the folder they are in
   */
  public record Key(
      String backbone,
      List<Integer> input,
      String normalization,
      String augmentation,
      int views,
      long seed,
      int count,
      int dim,
      String data,
      String location) {

    /** The file name: a hash of the images' folder and everything but the images and the sizes. */
    public String fileName() {
      return "features-"
          + sha256(
                  backbone
                      + "|"
                      + input
                      + "|"
                      + normalization
                      + "|"
                      + augmentation
                      + "|"
                      + views
                      + "|"
                      + seed
                      + "|"
                      + location)
              .substring(0, 24)
          + ".bin";
    }

    /** What differs between this key and {@code other}, in words, or null if nothing does. */
    String difference(Key other) {
      if (!backbone.equals(other.backbone)) {
        return "it belongs to another backbone (" + other.backbone + ")";
      }
      if (!input.equals(other.input) || !normalization.equals(other.normalization)) {
        return "it was computed for another input size or normalisation";
      }
      if (!augmentation.equals(other.augmentation) || views != other.views || seed != other.seed) {
        return "it was computed with other views (augmentation, count or seed)";
      }
      if (dim != other.dim) {
        return "its features have " + other.dim + " values, the backbone gives " + dim;
      }
      if (!location.equals(other.location)) {
        return "it was computed for the images in " + other.location;
      }
      if (count != other.count || !data.equals(other.data)) {
        return "the images changed since it was built";
      }
      return null;
    }
  }

  /** Why a cache file cannot serve a key. */
  public static final class Mismatch extends IOException {
    public Mismatch(String message) {
      super(message);
    }
  }

  /**
   * Where caches go by default: {@code $ARCMETRIC_CACHE/features}, else {@code
   * ~/.cache/arcmetric/features}.
   */
  public static Path defaultDir() {
    return CacheRoot.dir("features");
  }

  /**
   * The folder the images are in: the longest common prefix of their sources, cut after its last
   * slash or backslash (for a folder in ImageFolder layout, the folder given to training).
   */
  public static String location(ImageSet images) {
    if (images.size() == 0) {
      return "";
    }
    String prefix = images.source(0);
    for (int i = 1; i < images.size() && !prefix.isEmpty(); i++) {
      String s = images.source(i);
      int n = Math.min(prefix.length(), s.length());
      int j = 0;
      while (j < n && prefix.charAt(j) == s.charAt(j)) {
        j++;
      }
      prefix = prefix.substring(0, j);
    }
    int cut = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\'));
    return cut < 0 ? prefix : prefix.substring(0, cut + 1);
  }

  /**
   * SHA-256 over the images' sources and labels in order, and for each source that is a file its
   * size and modification time; for sources that are not files (a Fashion-MNIST record) the decoded
   * pixels.
   */
  public static String dataFingerprint(ImageSet images) {
    MessageDigest md = digest();
    for (int i = 0; i < images.size(); i++) {
      md.update(images.source(i).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(images.label(i).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      String stat = FolderWatch.stat(images.source(i));
      if (stat != null && !stat.equals("gone")) {
        md.update(stat.getBytes(StandardCharsets.US_ASCII));
      } else {
        md.update(images.pixels(i));
      }
      md.update((byte) '\n');
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /**
   * The features of {@code key} from {@code file}.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws Mismatch if the file is not a feature cache, is cut short, or was built for another key
   *     (another backbone, input, views or images), saying which
   */
  public static FeatureTable read(Path file, Key key) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
      while (head.hasRemaining() && ch.read(head) >= 0) {}
      head.flip();
      byte[] magic = new byte[Math.min(MAGIC.length, head.remaining())];
      head.get(magic);
      if (!Arrays.equals(magic, MAGIC) || head.remaining() < 4) {
        throw new Mismatch(file + " is not an arcmetric feature cache");
      }
      int headerLength = head.getInt();
      if (headerLength < 2 || headerLength > 1 << 20) {
        throw new Mismatch(file + " has a damaged header");
      }
      ByteBuffer json = ByteBuffer.allocate(headerLength);
      while (json.hasRemaining() && ch.read(json) >= 0) {}
      Key stored;
      try {
        stored = JSON.readValue(json.array(), Key.class);
      } catch (IOException e) {
        throw new Mismatch(file + " has a damaged header: " + e.getMessage());
      }
      String why = key.difference(stored);
      if (why != null) {
        throw new Mismatch(file + " cannot be used: " + why);
      }
      long start = dataStart(headerLength);
      long bytes = (long) key.count() * key.dim() * key.views() * Float.BYTES;
      if (ch.size() != start + bytes) {
        throw new Mismatch(
            file + " is cut short (" + ch.size() + " bytes, " + (start + bytes) + " expected)");
      }
      long perView = (long) key.count() * key.dim() * Float.BYTES;
      if (perView > Integer.MAX_VALUE) {
        // one mapping holds at most 2 GiB: one per view
        throw new Mismatch(
            file + " holds over 2 GiB per view; train on fewer images or a smaller backbone");
      }
      FloatBuffer[] views = new FloatBuffer[key.views()];
      for (int v = 0; v < views.length; v++) {
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, start + v * perView, perView);
        m.order(ByteOrder.LITTLE_ENDIAN);
        views[v] = m.asFloatBuffer();
      }
      return new FeatureTable(views, key.count(), key.dim());
    }
  }

  /**
   * A writer of the file for {@code key} in {@code dir}: features go in, {@link Writer#finish}
   * moves it into place.
   */
  public static Writer writer(Path dir, Key key) throws IOException {
    return new Writer(dir, key);
  }

  /**
   * The cached features of {@code key} in {@code dir} if a usable file is there, else null (saying
   * on {@code progress} why an existing file is rebuilt).
   */
  public static FeatureTable lookup(Path dir, Key key, PrintStream progress) {
    Path file = dir.resolve(key.fileName());
    try {
      return read(file, key);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      progress.println("feature cache: " + e.getMessage() + "; computing the features again");
      return null;
    }
  }

  private static long dataStart(int headerLength) {
    long end = MAGIC.length + 4L + headerLength;
    return (end + 63) / 64 * 64;
  }

  /**
   * Writes one cache file: the header first, then the features at their places. Not thread-safe.
   */
  public static final class Writer implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel ch;
    private final Key key;
    private final long start;
    private boolean done;

    private Writer(Path dir, Key key) throws IOException {
      this.key = Objects.requireNonNull(key);
      Files.createDirectories(dir);
      this.target = dir.resolve(key.fileName());
      this.temp = Files.createTempFile(dir, key.fileName(), ".part");
      this.ch = FileChannel.open(temp, StandardOpenOption.WRITE);
      byte[] json = JSON.writeValueAsBytes(key);
      ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4 + json.length);
      head.order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).putInt(json.length).put(json).flip();
      while (head.hasRemaining()) {
        ch.write(head);
      }
      this.start = dataStart(json.length);
    }

    /** Writes {@code n} feature vectors of {@code view}, from {@code first} on. */
    public void write(int view, int first, int n, float[] features) throws IOException {
      if (features.length != n * key.dim()) {
        throw new IllegalArgumentException(
            "expected " + n + " × " + key.dim() + " floats, got " + features.length);
      }
      ByteBuffer b = ByteBuffer.allocate(features.length * Float.BYTES);
      b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(features);
      long at = start + ((long) view * key.count() + first) * key.dim() * Float.BYTES;
      while (b.hasRemaining()) {
        at += ch.write(b, at);
      }
    }

    /** Moves the finished file into place and returns its features, memory-mapped. */
    public FeatureTable finish() throws IOException {
      long bytes = (long) key.count() * key.dim() * key.views() * Float.BYTES;
      if (ch.size() < start + bytes) {
        ch.write(ByteBuffer.allocate(1), start + bytes - 1);
      }
      ch.force(false);
      ch.close();
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return read(target, key);
    }

    @Override
    public void close() throws IOException {
      if (!done) {
        ch.close();
        Files.deleteIfExists(temp);
      }
    }
  }

  static String sha256(String s) {
    return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
