package org.arcmetric.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arcmetric.options.InvalidOptionException;

/**
 * Where labelled images come from, parsed from the command line's {@code SPEC}:
 *
 * <ul>
 *   <li>{@code PATH}: a folder in ImageFolder layout ({@code PATH/LABEL/image}), or with a flat
 *       label a folder of images of one class;
 *   <li>{@code fashion-mnist:train} / {@code fashion-mnist:test}: Fashion-MNIST where Debian's
 *       {@code dataset-fashion-mnist} installs it;
 *   <li>{@code fashion-mnist:DIR:train} / {@code fashion-mnist:DIR:test}: the IDX files in DIR;
 *   <li>any of these followed by {@code @I/N}: the I-th of N disjoint parts of it ({@link Part}),
 *       e.g. one half of a test set to calibrate on and the other to evaluate on.
 * </ul>
 */
public sealed interface DataSpec {
  /** {@code SPEC@I/N}. */
  Pattern PART = Pattern.compile("(.+)@(\\d{1,6})/(\\d{1,6})");

  /** Loads the images, converted to {@code shape}. */
  LoadedData load(InputShape shape, boolean skipBadImages) throws IOException;

  /**
   * Loads the images, converted to {@code shape}; folders are decoded through a {@link
   * DecodedCache} in {@code decodedCache} (read from disk, decoded again only when their files
   * change), other sources as {@link #load(InputShape, boolean)}.
   */
  default LoadedData load(InputShape shape, boolean skipBadImages, Path decodedCache)
      throws IOException {
    return load(shape, skipBadImages);
  }

  /** The spec as the user would write it. */
  String describe();

  /** A folder in ImageFolder layout, or a flat folder of one class when {@code label} is set. */
  record Folder(Path root, String label) implements DataSpec {
    @Override
    public LoadedData load(InputShape shape, boolean skipBadImages) throws IOException {
      ImageFolderReader reader =
          new ImageFolderReader(shape, skipBadImages, Runtime.getRuntime().availableProcessors());
      return label == null ? reader.readImageFolder(root) : reader.readFlat(root, label);
    }

    @Override
    public LoadedData load(InputShape shape, boolean skipBadImages, Path decodedCache)
        throws IOException {
      ImageFolderReader reader =
          new ImageFolderReader(shape, skipBadImages, Runtime.getRuntime().availableProcessors())
              .optDecodedCache(decodedCache);
      return label == null ? reader.readImageFolder(root) : reader.readFlat(root, label);
    }

    @Override
    public String describe() {
      return root.toString();
    }
  }

  /** Fashion-MNIST IDX files in {@code dir}. */
  record FashionMnistSpec(Path dir, FashionMnist.Split split) implements DataSpec {
    @Override
    public LoadedData load(InputShape shape, boolean skipBadImages) throws IOException {
      ImageSet raw = FashionMnist.load(dir, split);
      ImageSet images = raw.resizedTo(shape);
      return new LoadedData(images, new LoadReport(images.size(), 0, List.of()));
    }

    @Override
    public String describe() {
      return "fashion-mnist:" + dir + ":" + split.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The {@code index}-th (from 1) of {@code count} disjoint parts of {@code whole}: within each
   * class, in load order, image j goes to part (j mod count) + 1. The parts are stratified (each
   * holds 1/count of every class, ±1), disjoint, together the whole set, and the same on every run.
   * Immutable.
   */
  record Part(DataSpec whole, int index, int count) implements DataSpec {
    public Part {
      if (count < 2 || index < 1 || index > count) {
        throw new IllegalArgumentException(
            "bad part @" + index + "/" + count + ": write @I/N with 1 <= I <= N and N >= 2");
      }
    }

    @Override
    public LoadedData load(InputShape shape, boolean skipBadImages) throws IOException {
      LoadedData all = whole.load(shape, skipBadImages);
      ImageSet images = all.images();
      Map<String, Integer> seen = new HashMap<>();
      int[] keep = new int[images.size()];
      int n = 0;
      for (int i = 0; i < images.size(); i++) {
        int rank = seen.merge(images.label(i), 1, Integer::sum) - 1;
        if (rank % count == index - 1) {
          keep[n++] = i;
        }
      }
      ImageSet part = images.subset(Arrays.copyOf(keep, n));
      LoadReport r = all.report();
      return new LoadedData(part, new LoadReport(part.size(), r.notImages(), r.badImages()));
    }

    @Override
    public String describe() {
      return whole.describe() + "@" + index + "/" + count;
    }
  }

  /**
   * Parses a spec.
   *
   * @param spec the text after {@code --data}
   * @param flatLabel if not null, a folder spec is read as a flat folder of this class
   * @throws IllegalArgumentException with a message saying what forms are accepted
   */
  static DataSpec parse(String spec, String flatLabel) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidOptionException("{data} is empty: give a folder or fashion-mnist:train");
    }
    Matcher part = PART.matcher(spec);
    if (part.matches()) {
      return new Part(
          parse(part.group(1), flatLabel),
          Integer.parseInt(part.group(2)),
          Integer.parseInt(part.group(3)));
    }
    if (spec.startsWith("fashion-mnist:")) {
      if (flatLabel != null) {
        throw new InvalidOptionException("{label} applies to a folder, not to " + spec);
      }
      String rest = spec.substring("fashion-mnist:".length());
      int colon = rest.lastIndexOf(':');
      String dir = colon < 0 ? null : rest.substring(0, colon);
      String split = colon < 0 ? rest : rest.substring(colon + 1);
      FashionMnist.Split s =
          switch (split) {
            case "train" -> FashionMnist.Split.TRAIN;
            case "test" -> FashionMnist.Split.TEST;
            default ->
                throw new IllegalArgumentException(
                    "bad data spec '"
                        + spec
                        + "': expected fashion-mnist:train, fashion-mnist:test or"
                        + " fashion-mnist:DIR:train|test");
          };
      return new FashionMnistSpec(
          dir == null || dir.isEmpty() ? FashionMnist.DEBIAN_DIR : Path.of(dir), s);
    }
    return new Folder(Path.of(spec), flatLabel);
  }

  /** Keeps only {@code classes} of a loaded set, refusing names that are not in it. */
  static ImageSet restrict(ImageSet images, Collection<String> classes, String what) {
    if (classes == null || classes.isEmpty()) {
      return images;
    }
    List<String> have = images.classes();
    for (String c : classes) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException(
            what + ": class '" + c + "' is not in the data; its classes are " + have);
      }
    }
    return images.withClasses(classes);
  }
}
