package org.arcmetric.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.arcmetric.cli.DemoCommand;
import org.arcmetric.cli.EngineOptions;
import org.arcmetric.cli.Main;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.compute.CpuFeatures;
import org.arcmetric.compute.NativeMemory;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.BatchDataset;
import org.arcmetric.data.FashionMnist;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.embed.Embedder;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.EmbeddingNetwork;
import org.arcmetric.model.ModelSpec;
import org.arcmetric.model.TrainingNetwork;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.train.BlockEmbedding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arcmetric bench}: training throughput of the full data pipeline against the bare model
 * step on one preloaded batch, embedding throughput, and peak memory. Each figure is the median of
 * {@code --repeats} runs of {@code --batches} batches, with the range.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure training and embedding throughput and peak memory; prints a table.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Fashion-MNIST files (default: the bundled subset).")
  Path dataDir;

  @Option(
      names = "--backbone",
      defaultValue = "resnet-small",
      description = "A built-in backbone or torchscript:FILE (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--image-size",
      paramLabel = "N",
      description = "Resize the images to N×N (default: as the data, 28).")
  Integer imageSize;

  @Option(
      names = "--channels",
      paramLabel = "1|3",
      description = "Input channels (default: as the data, 1).")
  Integer channels;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(
      names = "--batches",
      defaultValue = "20",
      description = "Batches per measurement (default: ${DEFAULT-VALUE}).")
  int batches;

  @Option(
      names = "--repeats",
      defaultValue = "5",
      description = "Measurements per figure (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--augment", defaultValue = "light")
  String augment;

  @Option(
      names = "--embed-images",
      defaultValue = "10000",
      paramLabel = "N",
      description = "Images embedded per embedding measurement (default: ${DEFAULT-VALUE}).")
  int embedImages;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    Path dir = dataDir != null ? dataDir : DemoCommand.defaultDataDir();
    ImageSet images = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
    if (imageSize != null || channels != null) {
      InputShape given = images.shape();
      images =
          images.resizedTo(
              InputShape.square(
                  channels != null ? channels : given.channels(),
                  imageSize != null ? imageSize : given.height()));
    }
    InputShape shape = images.shape();
    List<String> classes = images.classes();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    Normalization norm = Normalization.measure(images);
    // The embedding rate does not depend on how many images: 10,000 keep each repeat short at
    // small sizes; large inputs want fewer (--embed-images).
    if (embedImages < 1) {
      throw new InvalidOptionException("{embedImages} must be at least 1");
    }
    ImageSet embedSet =
        images.subset(IntStream.range(0, Math.min(embedImages, images.size())).toArray());
    ModelSpec spec = new ModelSpec(BackboneRef.parse(backbone), 128, shape, norm);
    Engine.getEngine("PyTorch").setRandomSeed(1);
    double[] bare = new double[repeats];
    double[] pipeline = new double[repeats];
    double[] embed = new double[repeats];
    ComputeMode compute;
    try (Model model = Model.newInstance("bench")) {
      EmbeddingNetwork embedding = EmbeddingNetwork.build(spec, model.getNDManager());
      compute = embedding.effectiveCompute();
      TrainingNetwork net =
          new TrainingNetwork(embedding, LossConfig.arcface().build(classes.size()));
      model.setBlock(net);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(new SoftmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
      try (Trainer trainer = model.newTrainer(tc);
          BatchDataset ds =
              new BatchDataset(
                  images, index, batchSize, Augmentation.parse(augment), norm, 1, 1, 0);
          NDManager m = trainer.getManager().newSubManager()) {
        trainer.initialize(new Shape(1, shape.channels(), shape.height(), shape.width()));
        Batch fixed = ds.getData(m).iterator().next();
        NDArray x = fixed.getData().head();
        NDArray y = fixed.getLabels().head();
        // warm-up: first steps allocate and pick kernels
        for (int i = 0; i < 3; i++) {
          step(trainer, m, x, y);
        }
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < batches; i++) {
            step(trainer, m, x, y);
          }
          bare[r] = batches * (double) batchSize / ((System.nanoTime() - t0) / 1e9);
          t0 = System.nanoTime();
          Iterator<Batch> it = ds.getData(m).iterator();
          int done = 0;
          while (done < batches) {
            if (!it.hasNext()) {
              it = ds.getData(m).iterator();
            }
            Batch b = it.next();
            EasyTrain.trainBatch(trainer, b);
            trainer.step();
            b.close();
            done++;
          }
          pipeline[r] = batches * (double) batchSize / ((System.nanoTime() - t0) / 1e9);
          t0 = System.nanoTime();
          int n = BlockEmbedding.embed(net.embedding(), m, embedSet, norm).length;
          embed[r] = n / ((System.nanoTime() - t0) / 1e9);
        }
        fixed.close();
      }
    }
    long heapPeak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    String rss = ProcessMemory.mb(ProcessMemory.peakRss()) + " MB";
    out.printf(
        Locale.ROOT,
        "%s; compute %s; C allocator %s%n",
        CpuFeatures.detect(),
        compute.describe(),
        NativeMemory.tuned(System.getenv())
            ? "set up (" + NativeMemory.assignments() + ")"
            : "not set up");
    out.printf(
        Locale.ROOT,
        "backbone %s, input %dx%dx%d, batch %d, %d batches x %d repeats, %d images embedded,"
            + " threads %s, %d cores, Java %s%n",
        backbone,
        shape.channels(),
        shape.height(),
        shape.width(),
        batchSize,
        batches,
        repeats,
        embedSet.size(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    out.println("| measurement | images/s median | min | max |");
    out.println("|---|---|---|---|");
    row(out, "training step, one preloaded batch (bare model step)", bare);
    row(out, "training, full pipeline (shuffle, augment " + augment + ", batch, step)", pipeline);
    row(out, "embedding (inference, batches of " + Embedder.batchFor(shape) + ")", embed);
    out.printf(
        Locale.ROOT, "peak JVM heap used %.0f MB, peak process RSS %s%n", heapPeak / 1e6, rss);
    return Main.OK;
  }

  private static void step(Trainer trainer, NDManager m, NDArray x, NDArray y) {
    Batch b =
        new Batch(
            m.newSubManager(),
            new NDList(x.duplicate()),
            new NDList(y.duplicate()),
            (int) x.getShape().get(0),
            Batchifier.STACK,
            Batchifier.STACK,
            0,
            0);
    EasyTrain.trainBatch(trainer, b);
    trainer.step();
    b.close();
  }

  private static void row(PrintWriter out, String name, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    out.printf(
        Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", name, s[s.length / 2], s[0], s[s.length - 1]);
  }
}
