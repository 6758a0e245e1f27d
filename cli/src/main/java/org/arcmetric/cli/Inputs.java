package org.arcmetric.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.arcmetric.data.DataSpec;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.LoadedData;

/** Loading data for commands, with the load report on stderr. */
public final class Inputs {
  private Inputs() {}

  static ImageSet load(
      String spec,
      String flatLabel,
      InputShape shape,
      boolean skipBad,
      List<String> classes,
      PrintWriter err)
      throws IOException {
    return load(DataSpec.parse(spec, flatLabel), shape, skipBad, classes, err);
  }

  /** Loads an already parsed spec, reporting skipped files on {@code err}. */
  static ImageSet load(
      DataSpec ds, InputShape shape, boolean skipBad, List<String> classes, PrintWriter err)
      throws IOException {
    return load(ds, shape, skipBad, classes, err, null);
  }

  /**
   * As {@link #load(DataSpec, InputShape, boolean, List, PrintWriter)}, decoding folders through a
   * memory-mapped cache in {@code decodedCache} (null: into the heap).
   */
  static ImageSet load(
      DataSpec ds,
      InputShape shape,
      boolean skipBad,
      List<String> classes,
      PrintWriter err,
      Path decodedCache)
      throws IOException {
    LoadedData loaded =
        decodedCache == null ? ds.load(shape, skipBad) : ds.load(shape, skipBad, decodedCache);
    err.println(ds.describe() + ": " + loaded.report().summary());
    for (String bad : loaded.report().badImages()) {
      err.println("  skipped unreadable image: " + bad);
    }
    err.flush();
    ImageSet images = DataSpec.restrict(loaded.images(), classes, "--classes");
    if (images.size() == 0) {
      throw new IOException(ds.describe() + " holds no images to use");
    }
    return images;
  }

  /** Splits {@code A,B,C} into names; null or blank gives an empty list. */
  public static List<String> classList(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
