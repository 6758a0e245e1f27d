package org.arcmetric.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arcmetric.cli.DemoCommand;
import org.arcmetric.cli.Main;
import org.arcmetric.cli.Verbosity;
import org.arcmetric.options.OutputFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric make-shapes}: writes the project's second data set (colour shapes on cluttered
 * backgrounds, {@link ShapesGenerator}) as {@code OUT/train} and {@code OUT/test} ImageFolders.
 */
@Command(
    name = "make-shapes",
    mixinStandardHelpOptions = true,
    description =
        "Write the 'shapes' data set: 20 classes of colour shapes on cluttered backgrounds, of"
            + " varied size, some inverted, as OUT/train and OUT/test ImageFolders. The same seed"
            + " gives the same images.")
final class MakeShapesCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin Verbosity verbosity;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
  Path out;

  @Option(
      names = "--train-per-class",
      defaultValue = "300",
      description = "Default: ${DEFAULT-VALUE}.")
  int trainPer;

  @Option(
      names = "--test-per-class",
      defaultValue = "100",
      description = "Default: ${DEFAULT-VALUE}.")
  int testPer;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    DemoCommand.requireNotAFile(out);
    if (Files.exists(out.resolve("train")) || Files.exists(out.resolve("test"))) {
      throw new IOException(
          out + " already holds train/ or test/; choose another --out or delete them");
    }
    OutputFolder.requireNewOrOwn(out, "out", false, "the shapes");
    if (trainPer < 1 || testPer < 0) {
      throw new IllegalArgumentException(
          "--train-per-class must be at least 1 and --test-per-class at least 0");
    }
    ShapesGenerator.write(out, trainPer, testPer, seed);
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d classes x (%d train + %d test) images to %s%n",
            ShapesGenerator.CLASSES.size(), trainPer, testPer, out);
    return Main.OK;
  }
}
