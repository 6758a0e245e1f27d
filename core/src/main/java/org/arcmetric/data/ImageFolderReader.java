package org.arcmetric.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Reads a folder in ImageFolder layout ({@code root/LABEL/**&#47;image}) or a flat folder of one
 * class. Files are read in sorted path order, decoded in parallel, and converted to the requested
 * {@link InputShape}. Hidden files and files whose bytes are not an image ({@link
 * ImageDecoder#READABLE}) are skipped and counted; a corrupt image (also an empty or unreadable
 * file named like an image, {@code .jpg}, {@code .png}, ...) and a photo in a format the decoder
 * cannot read ({@link ImageDecoder#unreadableFormat}: HEIC, WebP, ...) are errors naming the file
 * unless {@code skipBadImages} is set.
 */
public final class ImageFolderReader {
  private final InputShape shape;
  private final boolean skipBadImages;
  private final int threads;
  private Path decodedCache;

  public ImageFolderReader(InputShape shape, boolean skipBadImages, int threads) {
    this.shape = shape;
    this.skipBadImages = skipBadImages;
    this.threads = Math.max(1, threads);
  }

  /**
   * Decodes folders through a {@link DecodedCache} in {@code dir} (null: not): images are decoded
   * once into a cache file instead of the heap, and read from it while the folder's files are
   * unchanged.
   */
  public ImageFolderReader optDecodedCache(Path dir) {
    this.decodedCache = dir;
    return this;
  }

  /** Reads {@code root/LABEL/...} with one class per sub-folder. */
  public LoadedData readImageFolder(Path root) throws IOException {
    requireDirectory(root);
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs = s.filter(Files::isDirectory).filter(p -> !isHidden(p)).sorted().toList();
    }
    if (classDirs.isEmpty()) {
      throw new IOException(
          root
              + " has no class sub-folders: expected ImageFolder layout ROOT/LABEL/image.png (or"
              + " give {label} L to read a flat folder as one class)");
    }
    List<Path> files = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Path dir : classDirs) {
      String label = dir.getFileName().toString();
      for (Path f : listFiles(dir)) {
        files.add(f);
        labels.add(label);
      }
    }
    return decodeAll(root, files, labels);
  }

  /** Reads every image below {@code dir} as class {@code label}. */
  public LoadedData readFlat(Path dir, String label) throws IOException {
    requireDirectory(dir);
    List<Path> files = listFiles(dir);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      labels.add(label);
    }
    return decodeAll(dir, files, labels);
  }

  /** Reads single image files (any name) as unlabelled queries (label = ""). */
  public LoadedData readFiles(List<Path> files) throws IOException {
    List<String> labels = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IOException(f + ": no such file");
      }
      labels.add("");
    }
    return decodeAll(null, files, labels);
  }

  private LoadedData decodeAll(Path root, List<Path> files, List<String> labels)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    if (decodedCache != null && root != null) {
      try {
        LoadedData d =
            DecodedCache.load(
                decodedCache,
                root,
                files,
                labels,
                shape,
                skipBadImages,
                this::decodeOne,
                pool,
                4 * threads);
        if (d.images().size() == 0) {
          throw new IOException(
              root
                  + " contains no readable images ("
                  + d.report().notImages()
                  + " non-image files skipped)");
        }
        return d;
      } finally {
        pool.shutdownNow();
      }
    }
    try {
      List<Future<byte[]>> futures = new ArrayList<>(files.size());
      for (Path f : files) {
        futures.add(pool.submit(() -> decodeOne(f)));
      }
      List<String> outLabels = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      List<byte[]> pixels = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      int notImages = 0;
      for (int i = 0; i < files.size(); i++) {
        byte[] px = take(futures.get(i), files.get(i), skipBadImages, bad);
        if (px == SKIPPED) {
          continue;
        }
        if (px == null) {
          notImages++;
          continue;
        }
        outLabels.add(labels.get(i));
        sources.add(files.get(i).toString());
        pixels.add(px);
      }
      if (pixels.isEmpty() && root != null) {
        throw new IOException(
            root + " contains no readable images (" + notImages + " non-image files skipped)");
      }
      return new LoadedData(
          new ImageSet(shape, outLabels, sources, pixels),
          new LoadReport(pixels.size(), notImages, bad));
    } finally {
      pool.shutdownNow();
    }
  }

  /** What {@link #take} returns for a corrupt image that is skipped. */
  static final byte[] SKIPPED = new byte[0];

  /**
   * The result of decoding {@code file}: its pixels, null when its bytes are not an image, or
   * {@link #SKIPPED} for a corrupt image when {@code skipBad} (its name added to {@code bad}).
   *
   * @throws BadImageException for a corrupt image otherwise, saying how to skip such files
   */
  static byte[] take(Future<byte[]> task, Path file, boolean skipBad, List<String> bad)
      throws IOException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BadImageException bie) {
        if (!skipBad) {
          throw bie.withAdvice("pass {skipBadImages} to skip such files");
        }
        bad.add(bie.source());
        return SKIPPED;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(file + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading images", e);
    }
  }

  /** Decoded pixels, or null if the file is not an image by its bytes. */
  private byte[] decodeOne(Path f) throws IOException {
    byte[] head = ImageDecoder.head(f);
    if (ImageDecoder.sniff(head).isEmpty()) {
      Optional<String> unreadable = ImageDecoder.unreadableFormat(head);
      if (unreadable.isPresent()) {
        // a photo, in a format this decoder cannot read: named, never counted as a stray file
        throw BadImageException.unreadableFormat(f.toString(), unreadable.get());
      }
      if (hasImageExtension(f)) {
        // a photo by its name whose bytes are not an image: empty, or damaged from the start
        long size = Files.size(f);
        throw new BadImageException(
            f.toString(),
            size == 0
                ? "is empty (0 bytes)"
                : "is not a "
                    + ImageDecoder.READABLE
                    + " image despite its name ("
                    + size
                    + " bytes)");
      }
      return null;
    }
    return ImageDecoder.toPixels(
        ImageDecoder.decodeFor(f, Math.max(shape.height(), shape.width())), shape);
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !isHidden(p))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean hasImageExtension(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg")
        || n.endsWith(".jpeg")
        || n.endsWith(".png")
        || n.endsWith(".gif")
        || n.endsWith(".bmp")
        || n.endsWith(".tif")
        || n.endsWith(".tiff");
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static void requireDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": no such folder");
    }
  }
}
