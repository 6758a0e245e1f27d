package org.arcmetric.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arcmetric.data.DataSpec;
import org.arcmetric.data.FashionMnist;
import org.arcmetric.data.IdxReader;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.InputShape;

/**
 * Reads back the picture of a gallery entry from its stored source, for the report's neighbour grid
 * and for rebuilds: an image file path (a relative one, as older galleries stored them, is also
 * looked up in the given folders), or {@code FILE#INDEX} for an image of an IDX file, looked up in
 * the given folders. Anything that cannot be read gives null (the grid draws a grey tile). Not
 * thread-safe (it caches IDX files).
 */
final class SourceImages {
  private static final Pattern IDX = Pattern.compile("(.+)#(\\d+)");
  private final List<Path> dirs;
  private final Map<Path, IdxReader.Images> cache = new HashMap<>();

  SourceImages(List<Path> dirs) {
    this.dirs = List.copyOf(dirs);
  }

  List<Path> dirs() {
    return dirs;
  }

  /** Folders where IDX sources may live: those of the data specs given, Debian's, the bundled. */
  static SourceImages forSpecs(String... specs) {
    List<Path> dirs = new ArrayList<>();
    for (String s : specs) {
      if (s != null) {
        try {
          if (DataSpec.parse(s, null) instanceof DataSpec.FashionMnistSpec f) {
            dirs.add(f.dir());
          }
        } catch (IllegalArgumentException e) {
          // not a spec: nothing to add
        }
      }
    }
    dirs.add(FashionMnist.DEBIAN_DIR);
    dirs.add(DemoCommand.defaultDataDir());
    return new SourceImages(dirs);
  }

  BufferedImage read(String source) {
    return read(source, 0);
  }

  /**
   * As {@link #read(String)}, decoding an image file as model input of {@code targetSide} is
   * decoded ({@link ImageDecoder#decodeFor}; 0 for the whole picture).
   */
  BufferedImage read(String source, int targetSide) {
    if (source == null) {
      return null;
    }
    try {
      Path file = Path.of(source);
      if (Files.isRegularFile(file)) {
        return ImageDecoder.decodeFor(file, targetSide);
      }
      if (!file.isAbsolute()) {
        // enrolled before sources were stored absolute: as typed, relative to a folder
        for (Path dir : dirs) {
          Path f = dir.resolve(file);
          if (Files.isRegularFile(f)) {
            return ImageDecoder.decodeFor(f, targetSide);
          }
        }
      }
      Matcher m = IDX.matcher(source);
      if (m.matches()) {
        for (Path dir : dirs) {
          Path idx = dir.resolve(m.group(1));
          if (Files.isRegularFile(idx)) {
            IdxReader.Images images = cache.get(idx);
            if (images == null) {
              images = IdxReader.readImages(idx);
              cache.put(idx, images);
            }
            int i = Integer.parseInt(m.group(2));
            return i < images.pixels().length
                ? ImageDecoder.toImage(
                    images.pixels()[i], new InputShape(1, images.rows(), images.cols()))
                : null;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
