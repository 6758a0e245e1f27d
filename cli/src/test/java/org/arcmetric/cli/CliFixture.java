package org.arcmetric.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * What the CLI tests share: running {@code arcmetric} in-process with captured stdout and stderr,
 * writing tiny ImageFolders of striped PNGs, and training a model on them in one epoch.
 */
public final class CliFixture {
  private CliFixture() {}

  public record Run(int code, String out, String err) {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Three classes of striped 16×16 PNGs (period 2 or 3, horizontal or vertical) with noise. */
  public static void writeImages(Path root, String label, int kind, int count, long seed)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve(label));
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          int phase = kind == 2 ? x : y;
          int period = kind == 1 ? 3 : 2;
          int v = (phase % (2 * period)) < period ? 200 : 40;
          v = Math.max(0, Math.min(255, v + r.nextInt(41) - 20));
          img.getRaster().setSample(x, y, 0, v);
        }
      }
      ImageIO.write(img, "png", dir.resolve(label + i + ".png").toFile());
    }
  }

  /** One epoch on 16×16 grey images, batches of 16, no augmentation, plus {@code extra}. */
  public static Run trainTiny(Path data, Path model, String embeddingDim, String... extra) {
    List<String> args = new ArrayList<>(tinyTrainArgs(data, model, embeddingDim));
    args.addAll(List.of("--epochs", "1"));
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  /**
   * As {@link #trainTiny}, without {@code --augment}: the augmentation is {@code train}'s default
   * or what {@code extra} sets.
   */
  public static Run trainTinyAnyAugmentation(
      Path data, Path model, String embeddingDim, String... extra) {
    List<String> args = new ArrayList<>(tinyTrainArgsAnyAugmentation(data, model, embeddingDim));
    args.addAll(List.of("--epochs", "1"));
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  /**
   * {@code train}'s arguments for 16×16 grey images, batches of 16, no augmentation, 2 threads,
   * without {@code --epochs}.
   */
  public static List<String> tinyTrainArgs(Path data, Path model, String embeddingDim) {
    List<String> args = new ArrayList<>(tinyTrainArgsAnyAugmentation(data, model, embeddingDim));
    args.addAll(List.of("--augment", "none"));
    return List.copyOf(args);
  }

  /** {@link #tinyTrainArgs} without {@code --augment}. */
  private static List<String> tinyTrainArgsAnyAugmentation(
      Path data, Path model, String embeddingDim) {
    return List.of(
        "train",
        "--data",
        data.toString(),
        "--out",
        model.toString(),
        "--image-size",
        "16",
        "--channels",
        "1",
        "--batch-size",
        "16",
        "--embedding-dim",
        embeddingDim,
        "--threads",
        "2");
  }
}
