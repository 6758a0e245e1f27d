package org.arcmetric.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.data.FashionMnist;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.experiment.NewClassExperiment;
import org.arcmetric.model.LossConfig;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.train.TrainConfig;
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
  @Spec picocli.CommandLine.Model.CommandSpec spec;
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
    List<Map<String, Object>> runs = new ArrayList<>();
    for (LossConfig loss : configs) {
      for (long seed : seedList) {
        Terminal.stderr().printf("== %s, seed %d%n", loss.name(), seed);
        DemoCommand.prepareOut(runDir(loss, seed), "compare-losses");
        TrainConfig.Builder config =
            TrainConfig.builder()
                .setInputShape(InputShape.square(1, 28))
                .optBackbone(org.arcmetric.model.Backbone.parse(backbone))
                .optLoss(loss)
                .optEpochs(epochs)
                .optWarmupEpochs(warmupEpochs)
                .optBatchSize(batchSize)
                .optK(k)
                .optSeed(seed);
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
                Terminal.isTerminal());
        Map<String, Object> row = DemoCommand.toJson(r);
        row.put("loss", loss.name());
        row.put("seed", seed);
        runs.add(row);
      }
    }
    List<Map<String, Object>> summary =
        new ArrayList<>(summarize(baselineRuns(runs), List.of(PIXELS)));
    summary.addAll(summarize(runs, names));
    var w = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("epochs", epochs);
      all.put("warmup_epochs", warmupEpochs);
      all.put("seeds", seedList);
      all.put("runs", runs);
      all.put("summary", summary);
      w.println(ModelFolder.JSON.writeValueAsString(all));
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
    for (Map<String, Object> s : summary) {
      w.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %.0f |%n",
          s.get("loss"),
          s.get("closed_set_accuracy"),
          s.get("accuracy_new_classes"),
          s.get("centroid_accuracy_new_classes"),
          s.get("centroid_accuracy_all"),
          (Double) s.get("train_seconds"));
    }
    return Main.OK;
  }

  static final String PIXELS = "raw pixels (baseline)";

  /** Each run's pixel-baseline scores as a run of the pseudo-loss {@link #PIXELS}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> baselineRuns(List<Map<String, Object>> runs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : runs) {
      Map<String, Object> b = new LinkedHashMap<>((Map<String, Object>) r.get("baseline"));
      b.put("loss", PIXELS);
      b.put("train_seconds", 0.0);
      out.add(b);
    }
    return out;
  }

  /** Mean ± sample standard deviation per loss, as text, in the order of {@code names}. */
  static List<Map<String, Object>> summarize(List<Map<String, Object>> runs, List<String> names) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String n : names) {
      List<Map<String, Object>> mine = runs.stream().filter(r -> n.equals(r.get("loss"))).toList();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("loss", n);
      for (String key :
          List.of(
              "closed_set_accuracy",
              "accuracy_new_classes",
              "accuracy_all",
              "centroid_accuracy_new_classes",
              "centroid_accuracy_all")) {
        s.put(key, meanSd(mine.stream().mapToDouble(r -> (Double) r.get(key)).toArray()));
      }
      s.put(
          "train_seconds",
          mine.stream().mapToDouble(r -> (Double) r.get("train_seconds")).average().orElse(0));
      out.add(s);
    }
    return out;
  }

  static String meanSd(double[] v) {
    double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
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
