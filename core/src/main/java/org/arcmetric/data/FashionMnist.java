package org.arcmetric.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; MIT licence) from its original IDX files: 28×28
 * grey images of 10 clothing classes, 60,000 for training and 10,000 for testing.
 *
 * <p>Debian's package {@code dataset-fashion-mnist} installs the files in {@link #DEBIAN_DIR}.
 * Labels are the class names below (not their numbers), so galleries read naturally.
 */
public final class FashionMnist {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Class names in label order 0..9, as the dataset's authors name them. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The two splits of the dataset, by their file prefix. */
  public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  private FashionMnist() {}

  /** Loads one split from {@code dir}, as 28×28 grey images labelled by class name. */
  public static ImageSet load(Path dir, Split split) throws IOException {
    Path images = find(dir, split.prefix + "-images-idx3-ubyte");
    Path labelsFile = find(dir, split.prefix + "-labels-idx1-ubyte");
    IdxReader.Images idx = IdxReader.readImages(images);
    int[] labels = IdxReader.readLabels(labelsFile);
    if (labels.length != idx.pixels().length) {
      throw new IOException(
          images
              + " has "
              + idx.pixels().length
              + " images but "
              + labelsFile
              + " has "
              + labels.length
              + " labels");
    }
    InputShape shape = new InputShape(1, idx.rows(), idx.cols());
    List<String> names = new ArrayList<>(labels.length);
    List<String> sources = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= CLASS_NAMES.size()) {
        throw new IOException(labelsFile + ": label " + labels[i] + " at " + i + " is not 0-9");
      }
      names.add(CLASS_NAMES.get(labels[i]));
      sources.add(images.getFileName() + "#" + i);
    }
    return new ImageSet(shape, names, sources, List.of(idx.pixels()));
  }

  private static Path find(Path dir, String base) throws IOException {
    for (String name : List.of(base + ".gz", base)) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException(
        "Fashion-MNIST file "
            + base
            + "[.gz] not found in "
            + dir
            + ". Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu),"
            + " or download the four IDX files from the Fashion-MNIST project and pass"
            + " {data} fashion-mnist:DIR:train");
  }
}
