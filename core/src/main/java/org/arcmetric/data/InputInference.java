package org.arcmetric.data;

import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Chooses a model's input channels and size from a folder of images when the user did not: reads
 * the headers (never the pixels) of up to {@value #SAMPLE} images spread over the files, takes 1
 * channel when every one of them is grey (one band, grey with alpha, or a palette of greys), else
 * 3, and for the size the smallest of {@link #SIDES} at least as large as the median longer side,
 * capped at 64 px (the cost of training grows with the square of the side). Stateless.
 *
 * @param channels 1 or 3
 * @param side the square side in pixels
 * @param sampled how many headers were read
 * @param medianSide the median longer side of the sampled images
 */
public record InputInference(int channels, int side, int sampled, int medianSide) {
  /** Headers read at most. */
  public static final int SAMPLE = 200;

  /** The sides chosen from. */
  static final int[] SIDES = {16, 28, 32, 48, 64};

  /** What a user would read: the choice and why, and how to override it. */
  public String describe() {
    return describe(null, null);
  }

  /**
   * As {@link #describe()} when the user gave the channels or the side (null: not given): the input
   * that will be used, and which part of it was inferred.
   */
  public String describe(Integer givenChannels, Integer givenSide) {
    int c = givenChannels != null ? givenChannels : channels;
    int s = givenSide != null ? givenSide : side;
    String what =
        givenChannels == null && givenSide == null
            ? "inferred"
            : givenSide != null ? "(the channels inferred" : "(the size inferred";
    String end = what.startsWith("(") ? ")" : "";
    return String.format(
        "input %d × %d × %d %s from %d of the images (%s, median side %d px)%s; set"
            + " --channels and --image-size to choose",
        c, s, s, what, sampled, channels == 1 ? "all grey" : "in colour", medianSide, end);
  }

  /**
   * Infers from the image files under {@code root} (any depth), or returns null when none can be
   * read.
   */
  public static InputInference of(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return null; // the reader says what is wrong with it
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<Integer> sides = new ArrayList<>();
    boolean allGrey = true;
    int step = Math.max(1, files.size() / SAMPLE);
    for (int i = 0; i < files.size() && sides.size() < SAMPLE; i += step) {
      int[] h = header(files.get(i));
      if (h == null) {
        continue;
      }
      sides.add(Math.max(h[0], h[1]));
      allGrey &= h[2] == 1;
    }
    if (sides.isEmpty()) {
      return null;
    }
    int[] sorted = sides.stream().mapToInt(Integer::intValue).sorted().toArray();
    int median = sorted[sorted.length / 2];
    int side = SIDES[SIDES.length - 1];
    for (int s : SIDES) {
      if (s >= median) {
        side = s;
        break;
      }
    }
    return new InputInference(allGrey ? 1 : 3, side, sorted.length, median);
  }

  /** {width, height, 1 if grey else 3} from the header, or null if not an image. */
  static int[] header(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        int w = r.getWidth(0);
        int h = r.getHeight(0);
        ImageTypeSpecifier t = r.getRawImageType(0);
        boolean grey = t != null && grey(t);
        return new int[] {w, h, grey ? 1 : 3};
      } finally {
        r.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean grey(ImageTypeSpecifier t) {
    int bands = t.getSampleModel().getNumBands();
    if (t.getColorModel() instanceof IndexColorModel icm) {
      for (int i = 0; i < icm.getMapSize(); i++) {
        if (icm.getRed(i) != icm.getGreen(i) || icm.getGreen(i) != icm.getBlue(i)) {
          return false;
        }
      }
      return true;
    }
    return bands == 1 || bands == 2 && t.getColorModel().hasAlpha();
  }
}
