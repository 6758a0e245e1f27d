package org.arcmetric.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.model.ModelFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arcmetric gallery list|remove}. */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    description = "Inspect or change a gallery.",
    subcommands = {GalleryCommand.ListCommand.class, GalleryCommand.RemoveCommand.class})
final class GalleryCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "choose a gallery command: list or remove");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Labels with their entry counts.")
  static final class ListCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Option(names = "--gallery", required = true, paramLabel = "GALLERY_DIR")
    Path gallery;

    @Option(names = "--json", description = "Print JSON to stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      try (Gallery g = Gallery.open(gallery)) {
        Map<String, Integer> counts = g.labelCounts();
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("entries", g.size());
          m.put("dimension", g.dimension());
          m.put("model_fingerprint", g.fingerprint());
          m.put("labels", counts);
          out.println(ModelFolder.JSON.writeValueAsString(m));
        } else {
          counts.forEach((l, c) -> out.printf("%s\t%d%n", l, c));
          out.printf(
              "%d entries, %d classes, dimension %d, model %s%n",
              g.size(), counts.size(), g.dimension(), g.fingerprint());
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove every entry of a class.")
  static final class RemoveCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Verbosity verbosity;

    @Option(names = "--gallery", required = true, paramLabel = "GALLERY_DIR")
    Path gallery;

    @Parameters(index = "0", paramLabel = "LABEL")
    String label;

    @Override
    public Integer call() throws Exception {
      try (Gallery g = Gallery.open(gallery)) {
        int removed = g.removeLabel(label);
        if (removed == 0) {
          throw new java.io.IOException(
              "gallery "
                  + gallery
                  + " has no class '"
                  + label
                  + "'; 'arcmetric gallery list' shows its classes");
        }
        spec.commandLine()
            .getOut()
            .printf("removed %d entries of '%s'; %d entries remain%n", removed, label, g.size());
      }
      return Main.OK;
    }
  }
}
