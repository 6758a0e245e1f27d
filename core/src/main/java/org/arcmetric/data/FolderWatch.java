package org.arcmetric.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The size and modification time of every file an {@link ImageSet} was read from, taken when
 * training starts, to tell the user at the end which photos changed or disappeared meanwhile (the
 * model learnt them as they were when read). Sources that are not files (a Fashion-MNIST record)
 * are not watched. Immutable; thread-safe.
 */
public final class FolderWatch {
  private final Map<String, String> stats;

  private FolderWatch(Map<String, String> stats) {
    this.stats = stats;
  }

  /** The files of {@code images} as they are now. */
  public static FolderWatch of(ImageSet images) {
    Map<String, String> s = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      String src = images.source(i);
      String st = stat(src);
      if (st != null) {
        s.put(src, st);
      }
    }
    return new FolderWatch(s);
  }

  /** The files that changed or disappeared since {@link #of}, in the images' order. */
  public List<String> changed() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : stats.entrySet()) {
      String now = stat(e.getKey());
      if (!e.getValue().equals(now == null ? "gone" : now)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /**
   * {@code SIZE@MILLIS} of the regular file {@code source}, or null for a source that is not a path
   * of one (a Fashion-MNIST record, {@code FILE#INDEX}); {@code gone} for a file that disappeared.
   */
  public static String stat(String source) {
    try {
      Path p = Path.of(source);
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? a.size() + "@" + a.lastModifiedTime().toMillis() : null;
    } catch (IOException | RuntimeException e) {
      return source.contains("#") ? null : "gone";
    }
  }
}
