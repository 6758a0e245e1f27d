package org.arcmetric.cli;

import java.util.Map;
import org.arcmetric.options.InvalidOptionException;

/**
 * The command-line flag for each option field the core names in its messages ({@code {epochs}} →
 * {@code --epochs}): by default the field in kebab case, with the exceptions listed where a flag is
 * spelled otherwise. Used to render {@link InvalidOptionException}s and the advice the trainer
 * prints.
 */
public final class Flags {
  private Flags() {}

  /** The help of {@code --skip-bad-images}, the same on every command that reads images. */
  static final String SKIP_BAD_IMAGES_HELP =
      "Skip unreadable images (corrupt, truncated, or in a format arcmetric cannot read, such as"
          + " HEIC) instead of stopping.";

  private static final Map<String, String> SPELLED_OTHERWISE =
      Map.ofEntries(
          Map.entry("learningRate", "--lr"),
          Map.entry("subCentres", "--sub-centers"),
          Map.entry("maxConn", "--hnsw-m"),
          Map.entry("beamWidth", "--hnsw-beam-width"),
          Map.entry("outDir", "--out"),
          Map.entry("galleryDir", "--gallery"),
          Map.entry("mode", "--mode"));

  /** The flag for {@code field}: {@code marginWarmupEpochs} → {@code --margin-warmup-epochs}. */
  public static String flag(String field) {
    String s = SPELLED_OTHERWISE.get(field);
    return s != null ? s : "--" + kebab(field);
  }

  /**
   * As {@link #flag}, but a research knob of {@code train} as its advice should spell it: {@code
   * softmaxWarmupEpochs} → {@code -X softmax-warmup-epochs} (the hidden flag works too, but is
   * listed nowhere a user would look).
   */
  static String trainFlag(String field) {
    String name = kebab(field);
    return TrainCommand.EXPERIMENTAL.contains(name) ? "-X " + name : flag(field);
  }

  /**
   * {@code field} in kebab case, as a flag or a loss option spells it: {@code marginWarmupEpochs} →
   * {@code margin-warmup-epochs}.
   */
  static String kebab(String field) {
    StringBuilder sb = new StringBuilder();
    for (char c : field.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else if (c == '.') {
        sb.append('-');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
