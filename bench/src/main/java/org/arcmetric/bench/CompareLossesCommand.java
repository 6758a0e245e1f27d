package org.arcmetric.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.cli.DemoCommand;
import org.arcmetric.cli.EngineOptions;
import org.arcmetric.cli.ExperimentJson;
import org.arcmetric.cli.Flags;
import org.arcmetric.cli.Inputs;
import org.arcmetric.cli.Main;
import org.arcmetric.cli.ProtocolOptions;
import org.arcmetric.cli.Terminal;
import org.arcmetric.data.FashionMnist;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.experiment.Accuracies;
import org.arcmetric.experiment.NewClassExperiment;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric compare-losses}: trains every chosen loss with the same backbone, budget and
 * seeds on Fashion-MNIST, runs the new-class protocol for each, and prints one table: closed-set
 * k-NN accuracy, accuracy on the held-out classes enrolled with a few images, on all classes, and
 * the training time — mean and standard deviation over the seeds.
 */
@Command(
    name = "compare-losses",
    mixinStandardHelpOptions = true,
    description =
        "Train each loss on the same protocol and compare closed-set and new-class accuracy.")
final class CompareLossesCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ProtocolOptions protocol;

  @Option(names = "--losses", paramLabel = "A,B,...", description = "Default: every loss.")
  String losses;

  @Option(
      names = "--seeds",
      defaultValue = "1,2",
      paramLabel = "S1,S2,...",
      description = "Default: ${DEFAULT-VALUE}.")
  String seeds;

  @Option(names = "--epochs", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--warmup-epochs",
      defaultValue = "1",
      description =
          "Epochs of linear learning-rate warm-up before the cosine decay (fractions allowed;"
              + " default: ${DEFAULT-VALUE}, as train).")
  float warmupEpochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--backbone",
      defaultValue = "resnet-small",
      description = "Default: ${DEFAULT-VALUE}.")
  String backbone;

  @Option(
      names = "--out",
      defaultValue = "runs/compare-losses",
      paramLabel = "DIR",
      description =
          "Models and galleries, one folder per loss and seed (LOSS-SEED); an earlier run of"
              + " the same loss and seed there is replaced, other folders are kept (default:"
              + " ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print every run and the summary as JSON.")
  boolean json;

  private Path runDir(LossConfig loss, long seed) {
    return out.resolve(loss.name() + "-" + seed);
  }

  @Override
  public Integer call() throws Exception {
    List<String> names = losses == null ? LossConfig.NAMES : Inputs.classList(losses);
    List<LossConfig> configs = new ArrayList<>();
    for (String n : names) {
      configs.add(LossConfig.parse(n, Map.of()));
    }
    List<Long> seedList = new ArrayList<>();
    for (String s : Inputs.classList(seeds)) {
      try {
        seedList.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seeds: '" + s + "' is not a number", e);
      }
    }
    // Refuse before loading or training anything; replace only the runs this comparison makes, so
    // losses
    // compared one command at a time can share one --out.
    DemoCommand.requireNotAFile(out);
    for (LossConfig loss : configs) {
      for (long seed : seedList) {
        DemoCommand.requireReplaceable(runDir(loss, seed), "compare-losses");
      }
    }
    Path data = protocol.data();
    ImageSet train = protocol.load(FashionMnist.Split.TRAIN);
    ImageSet test = protocol.load(FashionMnist.Split.TEST);
    List<String> fresh = protocol.newClasses(train);
    int shots = protocol.shots;
    int k = protocol.k;
    List<ExperimentJson> runs = new ArrayList<>();
    for (LossConfig loss : configs) {
      for (long seed : seedList) {
        Terminal.stderr().printf("== %s, seed %d%n", loss.name(), seed);
        TrainConfig.Builder config =
            TrainConfig.builder()
                .setInputShape(InputShape.square(1, 28))
                .optBackbone(BackboneRef.parse(backbone))
                .optLoss(loss)
                .optEpochs(epochs)
                .optWarmupEpochs(warmupEpochs)
                .optBatchSize(batchSize)
                .optK(k)
                .optSeed(seed);
        config.build(); // refuses bad options before an earlier run of this loss is replaced
        DemoCommand.prepareOut(runDir(loss, seed), "compare-losses");
        NewClassExperiment.Result r =
            NewClassExperiment.run(
                config,
                train,
                test,
                fresh,
                shots,
                k,
                seed,
                runDir(loss, seed),
                "fashion-mnist:" + data + ":train",
                Terminal.stderr(),
                Terminal.isTerminal(),
                Flags::flag);
        runs.add(ExperimentJson.of(r).withRun(loss.name(), seed));
      }
    }
    List<LossSummary> summary = new ArrayList<>();
    summary.add(
        LossSummary.of(
            PIXELS,
            runs.stream().map(r -> r.baseline().accuracies()).toList(),
            runs.stream().map(r -> 0.0).toList()));
    for (String n : names) {
      List<ExperimentJson> mine = runs.stream().filter(r -> n.equals(r.loss())).toList();
      summary.add(
          LossSummary.of(
              n,
              mine.stream().map(ExperimentJson::accuracies).toList(),
              mine.stream().map(ExperimentJson::trainSeconds).toList()));
    }
    var w = spec.commandLine().getOut();
    if (json) {
      w.println(
          ModelFolder.JSON.writeValueAsString(
              new Comparison(epochs, warmupEpochs, seedList, runs, summary)));
      return Main.OK;
    }
    w.printf(
        Locale.ROOT,
        "%s, %d epochs (%s of warm-up), seeds %s, %d-shot new classes %s%n",
        backbone,
        epochs,
        warmupEpochs,
        seedList,
        shots,
        fresh);
    w.println(
        "| loss | closed-set accuracy (5-NN) | new classes, 5-NN | new classes, centroid"
            + " | all classes, centroid | train s |");
    w.println("|---|---|---|---|---|---|");
    for (LossSummary s : summary) {
      w.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %.0f |%n",
          s.loss(),
          s.closedSetAccuracy(),
          s.accuracyNewClasses(),
          s.centroidAccuracyNewClasses(),
          s.centroidAccuracyAll(),
          s.trainSeconds());
    }
    return Main.OK;
  }

  static final String PIXELS = "raw pixels (baseline)";

  /** What {@code --json} prints: the options, every run, and the summary per loss. */
  record Comparison(
      int epochs,
      float warmupEpochs,
      List<Long> seeds,
      List<ExperimentJson> runs,
      List<LossSummary> summary) {}

  /**
   * Mean ± sample standard deviation of each accuracy over one loss's runs (seeds), as text, and
   * the mean training time.
   */
  record LossSummary(
      String loss,
      String closedSetAccuracy,
      String accuracyNewClasses,
      String accuracyAll,
      String centroidAccuracyNewClasses,
      String centroidAccuracyAll,
      double trainSeconds) {
    static LossSummary of(String loss, List<Accuracies> runs, List<Double> seconds) {
      return new LossSummary(
          loss,
          meanSd(runs.stream().mapToDouble(Accuracies::closedSetAccuracy).toArray()),
          meanSd(runs.stream().mapToDouble(Accuracies::accuracyNewClasses).toArray()),
          meanSd(runs.stream().mapToDouble(Accuracies::accuracyAll).toArray()),
          meanSd(runs.stream().mapToDouble(Accuracies::centroidAccuracyNewClasses).toArray()),
          meanSd(runs.stream().mapToDouble(Accuracies::centroidAccuracyAll).toArray()),
          seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
  }

  static String meanSd(double[] v) {
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    double sd = 0;
    if (v.length > 1) {
      for (double x : v) {
        sd += (x - mean) * (x - mean);
      }
      sd = Math.sqrt(sd / (v.length - 1));
    }
    return String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
  }
}
