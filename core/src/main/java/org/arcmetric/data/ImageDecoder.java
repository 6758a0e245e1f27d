package org.arcmetric.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG, BMP, GIF and TIFF images (grey, RGB, RGBA or palette; 8 or 16 bits) into the
 * channel-first {@code uint8} pixels of an {@link InputShape}: converted to grey or RGB, alpha
 * composited over black, resized bilinearly to the model's size. A photo is turned upright as its
 * EXIF orientation says ({@link ExifOrientation}), as every viewer shows it.
 *
 * <p>The format is decided by the file's first bytes, never by its name. A file whose bytes are not
 * one of the five formats is "not an image" ({@link #sniff} returns empty) — unless its bytes are a
 * photo format this decoder cannot read (HEIC, AVIF, WebP, JPEG XL, JPEG 2000), which {@link
 * #unreadableFormat} names so that a user learns why a photo was refused; a file that claims a
 * format but cannot be decoded completely (corrupt or truncated, including the truncated JPEGs that
 * ImageIO decodes with only a warning) raises {@link BadImageException} naming the file.
 *
 * <p>Thread-safe: it holds no state; each call creates its own reader.
 */
public final class ImageDecoder {

  /** Image formats recognised by their magic bytes. */
  public enum Format {
    PNG,
    JPEG,
    GIF,
    BMP,
    TIFF
  }

  /** The formats {@link #decode} reads, as messages list them. */
  public static final String READABLE = "PNG, JPEG, GIF, BMP or TIFF";

  private ImageDecoder() {}

  /** The format named by the header bytes, or empty if they are not an image we read. */
  public static Optional<Format> sniff(byte[] head) {
    if (head.length >= 8
        && (head[0] & 0xff) == 0x89
        && head[1] == 'P'
        && head[2] == 'N'
        && head[3] == 'G') {
      return Optional.of(Format.PNG);
    }
    if (head.length >= 3
        && (head[0] & 0xff) == 0xff
        && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return Optional.of(Format.JPEG);
    }
    if (head.length >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
      return Optional.of(Format.GIF);
    }
    if (head.length >= 26 && head[0] == 'B' && head[1] == 'M') {
      return Optional.of(Format.BMP);
    }
    if (head.length >= 8
        && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
            || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
      return Optional.of(Format.TIFF);
    }
    return Optional.empty();
  }

  /**
   * What a user should be told of an image whose bytes are a photo format this decoder does not
   * read — "a HEIC photo (the iPhone's format) ...: convert it to JPEG" — or empty when the bytes
   * are a readable image or no image format known here. Recognised by their first bytes: HEIC/HEIF
   * and AVIF ({@code ftyp} box brands), WebP ({@code RIFF....WEBP}), JPEG XL and JPEG 2000
   * (signatures).
   */
  public static Optional<String> unreadableFormat(byte[] head) {
    if (sniff(head).isPresent()) {
      return Optional.empty();
    }
    String what = null;
    if (head.length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
      String brand = new String(head, 8, 4, StandardCharsets.US_ASCII);
      if (brand.startsWith("avi")) {
        what = "an AVIF image";
      } else if (brand.startsWith("hei")
          || brand.startsWith("hev")
          || brand.equals("mif1")
          || brand.equals("msf1")) {
        what = "a HEIC/HEIF photo (the iPhone camera's format)";
      }
    } else if (head.length >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      what = "a WebP image";
    } else if ((head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0x0a)
        || (head.length >= 12 && head[4] == 'J' && head[5] == 'X' && head[6] == 'L')) {
      what = "a JPEG XL image";
    } else if ((head.length >= 12 && head[4] == 'j' && head[5] == 'P' && head[6] == ' ')
        || (head.length >= 4
            && (head[0] & 0xff) == 0xff
            && (head[1] & 0xff) == 0x4f
            && (head[2] & 0xff) == 0xff
            && (head[3] & 0xff) == 0x51)) {
      what = "a JPEG 2000 image";
    }
    return Optional.ofNullable(what)
        .map(w -> w + ", which arcmetric cannot read (" + READABLE + "): convert it to JPEG");
  }

  /**
   * A file's first bytes (up to 32): enough for {@link #sniff(byte[])} and {@link
   * #unreadableFormat(byte[])}, so that a caller asking both reads the file once.
   */
  public static byte[] head(Path file) throws IOException {
    byte[] head = new byte[32];
    int n;
    try (var in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return n == head.length ? head : Arrays.copyOf(head, n);
  }

  /** The format of a file by its first bytes, or empty if it is not an image. */
  public static Optional<Format> sniff(Path file) throws IOException {
    return sniff(head(file));
  }

  /** Reads and decodes a file; {@code source} names it in errors. */
  public static BufferedImage decode(Path file) throws IOException {
    return decode(Files.readAllBytes(file), file.toString());
  }

  /**
   * Decodes image bytes completely.
   *
   * @throws BadImageException if the bytes are not a supported image, or are corrupt or truncated
   */
  public static BufferedImage decode(byte[] bytes, String source) throws BadImageException {
    try {
      return decode(bytes, source, Integer.MAX_VALUE);
    } catch (ImageTooLargeException e) {
      throw new IllegalStateException("no image is wider than Integer.MAX_VALUE", e);
    }
  }

  /**
   * Decodes image bytes completely, after checking the size in the header against {@code maxSide}:
   * a larger image is refused before any pixel is decoded.
   *
   * @throws ImageTooLargeException if the header claims more than {@code maxSide} pixels a side
   * @throws BadImageException if the bytes are not a supported image, or are corrupt or truncated
   */
  public static BufferedImage decode(byte[] bytes, String source, int maxSide)
      throws BadImageException, ImageTooLargeException {
    return decode(bytes, source, maxSide, Long.MAX_VALUE, DecodeBudget.NONE);
  }

  /** How long a decode waits for its share of a {@link DecodeBudget} before it is refused. */
  static final long BUDGET_WAIT_MILLIS = 10_000;

  /**
   * As {@link #decode(byte[], String, int)}, also refusing an image whose decoded pixels (width ×
   * height × bands × bytes per sample, from the header) exceed {@code maxDecodedBytes}, and taking
   * that many bytes of {@code budget} while decoding.
   *
   * @throws ImageTooLargeException if the header claims too many pixels or decoded bytes, or the
   *     budget stayed full for {@value #BUDGET_WAIT_MILLIS} ms
   */
  public static BufferedImage decode(
      byte[] bytes, String source, int maxSide, long maxDecodedBytes, DecodeBudget budget)
      throws BadImageException, ImageTooLargeException {
    return decode(bytes, source, maxSide, maxDecodedBytes, budget, 0);
  }

  /**
   * Reads and decodes a file for a model whose input's longer side is {@code targetSide}: an image
   * at least {@value #SUBSAMPLE_MARGIN} times larger is decoded subsampled ({@link #subsampling}).
   * Every path that turns an image into model input (training, enrolment, prediction, the server,
   * rebuilds) decodes this way, so one image always gives one embedding.
   */
  public static BufferedImage decodeFor(Path file, int targetSide) throws IOException {
    try {
      return decode(
          Files.readAllBytes(file),
          file.toString(),
          Integer.MAX_VALUE,
          Long.MAX_VALUE,
          DecodeBudget.NONE,
          targetSide);
    } catch (ImageTooLargeException e) {
      throw new IllegalStateException("no limit was set", e);
    }
  }

  /** A decoded side at least this many times the model's input side is kept when subsampling. */
  public static final int SUBSAMPLE_MARGIN = 4;

  /**
   * The subsampling factor for a {@code w} × {@code h} image and a model input of {@code
   * targetSide}: the largest s keeping the shorter decoded side at least {@value #SUBSAMPLE_MARGIN}
   * × {@code targetSide} (ImageIO then reads every s-th pixel of every s-th row, never the rest); 1
   * for images that are not that large or when {@code targetSide} is 0.
   */
  public static int subsampling(int w, int h, int targetSide) {
    if (targetSide <= 0) {
      return 1;
    }
    return Math.max(1, Math.min(w, h) / (SUBSAMPLE_MARGIN * targetSide));
  }

  /**
   * As {@link #decode(byte[], String, int, long, DecodeBudget)}, subsampled for a model input of
   * {@code targetSide} (0: never): the decoded-size limit still applies to the whole image (all of
   * it is inflated), the budget to the subsampled pixels kept.
   */
  public static BufferedImage decode(
      byte[] bytes,
      String source,
      int maxSide,
      long maxDecodedBytes,
      DecodeBudget budget,
      int targetSide)
      throws BadImageException, ImageTooLargeException {
    Optional<Format> sniffed = sniff(bytes);
    if (sniffed.isEmpty()) {
      Optional<String> unreadable = unreadableFormat(bytes);
      throw unreadable.isPresent()
          ? BadImageException.unreadableFormat(source, unreadable.get())
          : new BadImageException(source, "not " + READABLE);
    }
    Format format = sniffed.get();
    if (format == Format.JPEG) {
      int scans = jpegScans(bytes, MAX_JPEG_SCANS + 1);
      if (scans > MAX_JPEG_SCANS) {
        // each scan of a progressive JPEG re-reads every coefficient: a small file of thousands
        // of scans costs minutes of CPU, and no encoder writes more than a few dozen
        throw new BadImageException(
            source,
            "JPEG with more than "
                + MAX_JPEG_SCANS
                + " scans; real encoders write at most a few dozen, so it is refused undecoded");
      }
    }
    // The bytes are in memory already: a memory-cached stream, not ImageIO's default temp-file
    // cache, which writes to disk and fails with "Shutdown in progress" once the JVM is stopping
    // (a server drains requests then).
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers =
          ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
      if (!readers.hasNext()) {
        throw new BadImageException(source, "no decoder for " + format);
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      IIOReadWarningListener listener = (r, warning) -> warnings.add(warning);
      reader.addIIOReadWarningListener(listener);
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w > maxSide || h > maxSide) {
          throw new ImageTooLargeException(source, w, h, maxSide);
        }
        int sub = subsampling(w, h, targetSide);
        // the limit is on the whole image (every row is inflated, subsampled or not: that is the
        // time it costs); the budget on what is kept (the memory it costs)
        long decoded = decodedBytes(reader, w, h);
        long kept = decodedBytes(reader, ceilDiv(w, sub), ceilDiv(h, sub));
        if (decoded > maxDecodedBytes) {
          throw new ImageTooLargeException(
              source
                  + " is "
                  + w
                  + " × "
                  + h
                  + " pixels that decode to "
                  + (decoded >> 20)
                  + " MiB; at most "
                  + (maxDecodedBytes >> 20)
                  + " MiB per image is accepted",
              w,
              h);
        }
        int held;
        try {
          held = budget.acquire(kept, BUDGET_WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ImageTooLargeException(source + ": interrupted while waiting to decode", w, h);
        }
        if (held < 0) {
          throw new ImageTooLargeException(
              source + ": too many large images are being decoded now; try again shortly", w, h);
        }
        BufferedImage image;
        try {
          ImageReadParam param = reader.getDefaultReadParam();
          if (sub > 1) {
            param.setSourceSubsampling(sub, sub, 0, 0);
          }
          image = null;
          if (format == Format.JPEG && reader.getRawImageType(0) == null) {
            // ImageIO gives no raw type for four-channel (CMYK, YCCK) JPEGs
            Raster raster = reader.readRaster(0, param);
            image = raster.getNumBands() == 4 ? fromInvertedCmyk(raster) : null;
          }
          if (image == null) {
            image = reader.read(0, param);
          }
        } catch (OutOfMemoryError e) {
          // not a corrupt file: this image does not fit in the memory left
          throw new ImageTooLargeException(
              source
                  + " ("
                  + w
                  + " × "
                  + h
                  + " pixels) does not fit in the memory left to decode it; give the JVM more"
                  + " (JAVA_OPTS=-Xmx8g) or send a smaller image",
              w,
              h);
        } finally {
          budget.release(held);
        }
        if (!warnings.isEmpty()) {
          throw new BadImageException(source, "damaged " + format + ": " + warnings.get(0));
        }
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
          throw new BadImageException(source, "empty " + format);
        }
        // as every viewer shows it: phones record the turn in EXIF instead of turning the pixels
        return ExifOrientation.upright(image, ExifOrientation.of(bytes, format));
      } finally {
        reader.dispose();
      }
    } catch (BadImageException | ImageTooLargeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // ImageIO reports truncation as IIOException, EOFException or, for some codecs,
      // IndexOutOfBounds/IllegalArgument: all mean the same thing to a user.
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new BadImageException(source, "corrupt or truncated " + format + ": " + why);
    }
  }

  /**
   * RGB of a four-channel (CMYK or YCCK) JPEG's samples (a raster of 4 bands), which ImageIO hands
   * over as CMYK without converting them (its own conversion treats them as a printer's CMYK
   * profile and washes the colours out). Such JPEGs store the inks inverted (Adobe's convention,
   * which Photoshop, libjpeg's tools and Pillow follow): a sample s = 255 − ink, so R =
   * s<sub>C</sub>·s<sub>K</sub>/255, G = s<sub>M</sub>·s<sub>K</sub>/255, B =
   * s<sub>Y</sub>·s<sub>K</sub>/255 — the naive conversion, without a colour profile, as Pillow's.
   */
  static BufferedImage fromInvertedCmyk(Raster raster) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[4 * w];
    int[] out = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int k = row[4 * x + 3];
        int r = (row[4 * x] * k + 127) / 255;
        int g = (row[4 * x + 1] * k + 127) / 255;
        int b = (row[4 * x + 2] * k + 127) / 255;
        out[x] = (r << 16) | (g << 8) | b;
      }
      rgb.setRGB(0, y, w, 1, out, 0, w);
    }
    return rgb;
  }

  /**
   * Width × height as the image's header claims them, read without decoding a pixel; 0 when the
   * bytes are not an image we read or their header cannot be read (decoding them then says why).
   */
  public static long headerPixels(byte[] bytes) {
    Optional<Format> format = sniff(bytes);
    if (format.isEmpty()) {
      return 0;
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers =
          ImageIO.getImageReadersByFormatName(format.get().name().toLowerCase(Locale.ROOT));
      if (!readers.hasNext()) {
        return 0;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return (long) reader.getWidth(0) * reader.getHeight(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Scans of a progressive JPEG that count as one pass over its pixels in {@link #work}. */
  public static final int SCANS_PER_PASS = 10;

  /**
   * The decoding work an image's header promises, in pixel passes: width × height, times the passes
   * of a progressive JPEG ({@code ceil(scans / }{@value #SCANS_PER_PASS}{@code )}: each scan
   * revisits every coefficient). A progressive JPEG of ten scans costs one pass, like a PNG; 0 when
   * the bytes are not an image we read.
   */
  public static long work(byte[] bytes) {
    long pixels = headerPixels(bytes);
    if (pixels > 0 && sniff(bytes).orElse(null) == Format.JPEG) {
      int scans = jpegScans(bytes, MAX_JPEG_SCANS + 1);
      pixels *= Math.max(1, (scans + SCANS_PER_PASS - 1) / SCANS_PER_PASS);
    }
    return pixels;
  }

  /**
   * Most scans a JPEG may have. Baseline JPEGs have one per component group; libjpeg's and
   * mozjpeg's progressive scripts write about ten. Decoding costs a pass over every coefficient per
   * scan, so the limit bounds a JPEG's decoding work to about this many passes.
   */
  public static final int MAX_JPEG_SCANS = 100;

  /**
   * Counts the start-of-scan markers of a JPEG, stopping once {@code stopAt} are seen: walks the
   * marker segments and skips each scan's entropy-coded data (stuffed {@code FF 00} bytes and
   * restart markers belong to it). Linear in the bytes and allocates nothing; a file it cannot walk
   * gives the scans seen so far (the decoder then says what is wrong).
   */
  static int jpegScans(byte[] b, int stopAt) {
    int scans = 0;
    int i = 2;
    while (i + 1 < b.length && scans < stopAt) {
      if ((b[i] & 0xff) != 0xff) {
        return scans;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xff) {
        i++;
        continue;
      }
      if (marker == 0xd9) {
        return scans;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        i += 2;
        continue;
      }
      if (i + 3 >= b.length) {
        return scans;
      }
      int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      i += 2 + length;
      if (marker != 0xda) {
        continue;
      }
      scans++;
      // entropy-coded data up to the next marker that is not a stuffed byte or a restart
      while (i + 1 < b.length) {
        if ((b[i] & 0xff) == 0xff) {
          int next = b[i + 1] & 0xff;
          if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            i += 2;
            continue;
          }
          if (next == 0xff) {
            i++;
            continue;
          }
          break;
        }
        i++;
      }
    }
    return scans;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * Bytes the decoded image will take: width × height × bands × bytes per sample of the reader's
   * raw type (4 bands of 8 bits when the reader does not say, as for CMYK JPEGs).
   */
  static long decodedBytes(ImageReader reader, int w, int h) throws IOException {
    int bands = 4;
    int bytesPerSample = 1;
    // a CMYK JPEG's raster (4 bands) and the RGB image made of it (4 bytes a pixel) alike
    ImageTypeSpecifier raw = reader.getRawImageType(0);
    if (raw != null) {
      SampleModel sm = raw.getSampleModel();
      bands = sm.getNumBands();
      int bits = 0;
      for (int b : sm.getSampleSize()) {
        bits = Math.max(bits, b);
      }
      bytesPerSample = Math.max(1, (bits + 7) / 8);
    }
    return (long) w * h * bands * bytesPerSample;
  }

  /**
   * Converts an image of any type to {@code shape}: grey (ITU-R 601 luma) or RGB, alpha composited
   * over black, bilinearly resized; returns channel-first {@code uint8} pixels.
   */
  public static byte[] toPixels(BufferedImage image, InputShape shape) {
    int w = shape.width();
    int h = shape.height();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    int[] argb = rgb.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[shape.values()];
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      int r = (p >> 16) & 0xff;
      int gr = (p >> 8) & 0xff;
      int b = p & 0xff;
      if (shape.channels() == 1) {
        out[i] = (byte) Math.round(0.299f * r + 0.587f * gr + 0.114f * b);
      } else {
        out[i] = (byte) r;
        out[plane + i] = (byte) gr;
        out[2 * plane + i] = (byte) b;
      }
    }
    return out;
  }

  /** Resizes channel-first {@code uint8} pixels of {@code from} to {@code to} (same channels). */
  public static byte[] resize(byte[] pixels, InputShape from, InputShape to) {
    if (from.equals(to)) {
      return pixels;
    }
    return toPixels(toImage(pixels, from), to);
  }

  /** Channel-first {@code uint8} pixels back to a displayable image. */
  public static BufferedImage toImage(byte[] pixels, InputShape shape) {
    int w = shape.width();
    int h = shape.height();
    int plane = w * h;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] argb = new int[plane];
    for (int i = 0; i < plane; i++) {
      int r = pixels[i] & 0xff;
      int g = shape.channels() == 1 ? r : pixels[plane + i] & 0xff;
      int b = shape.channels() == 1 ? r : pixels[2 * plane + i] & 0xff;
      argb[i] = (r << 16) | (g << 8) | b;
    }
    img.setRGB(0, 0, w, h, argb, 0, w);
    return img;
  }
}
