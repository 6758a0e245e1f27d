package org.arcmetric.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.arcmetric.classify.Classifier;
import org.arcmetric.data.FashionMnist;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.eval.MetricSuite;
import org.arcmetric.eval.Verification;
import org.arcmetric.experiment.NewClassExperiment;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.options.OutputFolder;
import org.arcmetric.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric demo}: the product's claim on the bundled Fashion-MNIST subset. Trains on 7
 * classes, enrols them and 10 images of each of 3 classes never trained on, evaluates held-out test
 * images of all 10, and prints accuracy on trained, new and all classes.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Train on 7 bundled Fashion-MNIST classes, add 3 new classes from 10 images each"
            + " without retraining, and report accuracy on both.")
public final class DemoCommand implements Callable<Integer> {
  public static final String MARKER = ".arcmetric-demo";

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ProtocolOptions protocol;

  @Option(
      names = "--out",
      defaultValue = "runs/demo",
      paramLabel = "DIR",
      description =
          "Where the model and gallery go; a previous demo there is replaced (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--epochs", defaultValue = "12", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Print the results as JSON to stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var outW = spec.commandLine().getOut();
    Path data = protocol.data();
    ImageSet train = protocol.load(FashionMnist.Split.TRAIN);
    ImageSet test = protocol.load(FashionMnist.Split.TEST);
    List<String> fresh = protocol.newClasses(train);
    int shots = protocol.shots;
    int k = protocol.k;
    TrainConfig.Builder config =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 28))
            .optEpochs(epochs)
            .optBatchSize(64)
            .optK(k)
            .optSeed(seed);
    config.build(); // refuses bad options (--epochs 0) before the previous demo is replaced
    prepareOut(out); // only once the inputs are known to be good
    NewClassExperiment.Result r =
        NewClassExperiment.run(
            config,
            train,
            test,
            fresh,
            shots,
            k,
            seed,
            out,
            "fashion-mnist:" + data + ":train",
            Terminal.stderr(),
            Terminal.isTerminal(),
            Flags::flag);
    Path report = writeReport(r, data, k, seed);
    if (json) {
      outW.println(
          ModelFolder.JSON.writeValueAsString(ExperimentJson.of(r).withReport(report.toString())));
      return Main.OK;
    }
    outW.println("arcmetric demo: Fashion-MNIST subset from " + data);
    outW.println(
        "trained on "
            + r.trainedClasses().size()
            + " classes: "
            + String.join(", ", r.trainedClasses()));
    outW.println(
        "new classes, enrolled with "
            + shots
            + " images each and no retraining: "
            + String.join(", ", fresh));
    outW.println();
    outW.println(
        "accuracy of the model beside raw pixels (each image minus its mean, L2-normalised, no"
            + " training) on the same gallery and test images:");
    outW.printf(
        Locale.ROOT,
        "%-24s %7s %12s %12s %15s %16s%n",
        "test images of",
        "images",
        "model k-NN",
        "pixels k-NN",
        "model centroid",
        "pixels centroid");
    List<String> all = r.model().knn().perClass().keySet().stream().toList();
    row(outW, "trained classes (" + r.trainedClasses().size() + ")", r, r.trainedClasses());
    row(outW, "new classes (" + fresh.size() + ")", r, fresh);
    row(outW, "all classes (" + all.size() + ")", r, all);
    outW.println();
    outW.printf(Locale.ROOT, "training took %.0f s%n", r.trainSeconds());
    outW.println("model:   " + r.modelDir());
    outW.println("gallery: " + r.galleryDir());
    outW.println("report:  " + report);
    outW.println(
        "try:     "
            + launcher()
            + " evaluate --model "
            + r.modelDir().toAbsolutePath()
            + " --gallery "
            + r.galleryDir().toAbsolutePath()
            + " --data fashion-mnist:"
            + data
            + ":test");
    return Main.OK;
  }

  /** The HTML report of the demo's model and gallery on the test images, in {@code out/report}. */
  private Path writeReport(NewClassExperiment.Result r, Path data, int k, long seed)
      throws IOException {
    Terminal.stderr().println("writing the report (metrics, t-SNE, pictures)");
    EvalInputs inputs = new EvalInputs();
    inputs.model = r.modelDir();
    inputs.gallery = r.galleryDir().toString();
    inputs.data = "fashion-mnist:" + data + ":test";
    var err = new PrintWriter(Terminal.stderr(), true);
    EvalInputs.Loaded in = inputs.load(err);
    MetricSuite.Options options =
        new MetricSuite.Options(
            Classifier.Mode.CENTROID,
            k,
            Float.NEGATIVE_INFINITY,
            5,
            Float.NaN,
            Verification.DEFAULT_MAX_PAIRS,
            seed,
            ClassPrior.DEFAULT);
    return ReportCommand.write(in, inputs, options, 2000, 12, out.resolve("report")).index();
  }

  private static void row(
      PrintWriter w, String name, NewClassExperiment.Result r, List<String> classes) {
    int n = 0;
    for (String c : classes) {
      n += r.model().knn().perClass().get(c).count();
    }
    w.printf(
        Locale.ROOT,
        "%-24s %7d %12.4f %12.4f %15.4f %16.4f%n",
        name,
        n,
        r.model().knn().accuracyOf(classes),
        r.pixels().knn().accuracyOf(classes),
        r.model().centroid().accuracyOf(classes),
        r.pixels().centroid().accuracyOf(classes));
  }

  /** How to run arcmetric again from any folder: the launcher's absolute path when known. */
  static String launcher() {
    String home = System.getProperty("arcmetric.home");
    if (home != null) {
      Path script = Path.of(home, "arcmetric").toAbsolutePath().normalize();
      if (Files.isRegularFile(script)) {
        return script.toString();
      }
    }
    return "arcmetric";
  }

  public static Path defaultDataDir() {
    String home = System.getProperty("arcmetric.home", ".");
    return Path.of(home, "data", "fashion-mnist-mini");
  }

  /** Replaces a previous demo in {@code dir}; refuses a folder that is something else. */
  static void prepareOut(Path dir) throws IOException {
    prepareOut(dir, "demo");
  }

  /**
   * Makes {@code dir} an empty folder marked as made by {@code arcmetric COMMAND}, deleting what an
   * earlier run of a command put there; refuses a non-empty folder without the mark.
   */
  public static void prepareOut(Path dir, String command) throws IOException {
    requireReplaceable(dir, command);
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir)) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(MARKER), "made by arcmetric " + command + "; replaced by its next run\n");
  }

  /** Refuses (without touching it) a non-empty {@code dir} that no arcmetric run made. */
  public static void requireReplaceable(Path dir, String command) throws IOException {
    requireNotAFile(dir);
    if (Files.exists(dir)) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      }
      if (!empty && !Files.exists(dir.resolve(MARKER))) {
        throw new IOException(
            dir + " exists and was not made by 'arcmetric " + command + "'; choose another --out");
      }
    }
  }

  /**
   * Refuses an {@code --out} that is a file or a file system's root, before anything is written
   * beneath it.
   */
  public static void requireNotAFile(Path out) throws IOException {
    OutputFolder.requireNotRoot(out, "out");
    if (Files.isRegularFile(out)) {
      throw new IOException(out + " is a file; choose a folder for --out");
    }
  }
}
