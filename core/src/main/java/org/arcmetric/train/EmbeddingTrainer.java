package org.arcmetric.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.arcmetric.classify.KnnClassifier;
import org.arcmetric.classify.Prediction;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.compute.CpuFeatures;
import org.arcmetric.compute.Precision;
import org.arcmetric.data.BatchDataset;
import org.arcmetric.data.FolderWatch;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.data.StratifiedSplit;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.embed.PixelBaseline;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.loss.LabelSmoothingLoss;
import org.arcmetric.loss.MarginHead;
import org.arcmetric.loss.RotationHead;
import org.arcmetric.loss.RotationMarginalLoss;
import org.arcmetric.loss.RotationTaskLoss;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.Convergence;
import org.arcmetric.model.EmbeddingNetwork;
import org.arcmetric.model.EpochMetrics;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.arcmetric.model.ModelSpec;
import org.arcmetric.model.TrainingNetwork;
import org.arcmetric.model.TrainingRecord;
import org.arcmetric.model.TrainingRun;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.pretrained.FeatureBatches;
import org.arcmetric.pretrained.FrozenFeatures;
import org.arcmetric.pretrained.FrozenThenImages;

/**
 * Trains an embedding network with a margin head on labelled images and writes a model folder. It
 * composes DJL's pieces — a {@link TrainingLoop} in the manner of DJL's {@code EasyTrain.fit},
 * {@link SoftmaxCrossEntropyLoss}, an optimiser with a {@link WarmUpTracker} over a {@link
 * CosineTracker} — with arcmetric's listeners for progress, divergence, validation through a
 * gallery, the training log and checkpoints.
 *
 * <p>Data handling: {@code valClasses} classes (chosen by the seed) are kept out of training and
 * used only to measure new-class accuracy; {@code valFraction} of each remaining class is the
 * validation split. The model folder records all of it.
 *
 * <p>Not thread-safe; one run at a time per instance.
 */
public final class EmbeddingTrainer {
  private static final int CENTRE_SAMPLE = 10_000;

  /** Most validation images the raw-pixel yardstick of the convergence guard classifies. */
  static final int PIXEL_BASELINE_QUERIES = 1_000;

  /** Most gallery images it classifies them against. */
  static final int PIXEL_BASELINE_GALLERY = 5_000;

  private final TrainConfig config;
  private final PrintStream progress;
  private final boolean terminal;
  private final UnaryOperator<String> optionNames;
  private final StopRequest stop;

  /**
   * @param progress where progress and epoch summaries go (stderr in the CLI)
   * @param terminal whether {@code progress} is a terminal (progress redrawn in place)
   */
  public EmbeddingTrainer(TrainConfig config, PrintStream progress, boolean terminal) {
    this(config, progress, terminal, UnaryOperator.identity());
  }

  /**
   * As {@link #EmbeddingTrainer(TrainConfig, PrintStream, boolean)}, with how the advice it prints
   * names options: {@code optionNames} maps a field ({@code learningRate}) to what the user typed
   * (the CLI: {@code --lr}); by default the field names.
   */
  public EmbeddingTrainer(
      TrainConfig config,
      PrintStream progress,
      boolean terminal,
      UnaryOperator<String> optionNames) {
    this(config, progress, terminal, optionNames, new StopRequest());
  }

  /**
   * As {@link #EmbeddingTrainer(TrainConfig, PrintStream, boolean, UnaryOperator)}, stopping at the
   * next step once {@code stop} is requested (from any thread): {@link #train} then throws a {@link
   * TrainingStoppedException} and the folder keeps the last epoch's checkpoint.
   */
  public EmbeddingTrainer(
      TrainConfig config,
      PrintStream progress,
      boolean terminal,
      UnaryOperator<String> optionNames,
      StopRequest stop) {
    this.config = Objects.requireNonNull(config);
    this.progress = progress;
    this.terminal = terminal;
    this.optionNames = Objects.requireNonNull(optionNames);
    this.stop = Objects.requireNonNull(stop);
  }

  /**
   * Refuses {@code outDir} as {@link #train} would, before any image is loaded and without writing
   * anything: a file, a file system's root, a folder that already holds a model or a run (unless
   * {@code resume}) or other files, or, with {@code resume}, a folder without a checkpoint.
   *
   * @throws InvalidOptionException naming {@code out} or {@code resume}
   */
  public static void requireUsableOut(Path outDir, boolean resume) throws IOException {
    RunFolder.check(outDir, resume);
  }

  /**
   * Trains on {@code data} and writes the model folder {@code outDir}.
   *
   * @param dataDescription how the data was given (recorded in {@code model.json})
   * @param resume continue from the last checkpoint in {@code outDir}
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   * @throws IllegalArgumentException if the data or folder do not fit the options
   */
  public TrainResult train(ImageSet data, String dataDescription, Path outDir, boolean resume)
      throws IOException {
    InputShape shape = config.inputShape();
    RunPlan plan = RunPlan.of(data.resizedTo(shape), config);
    for (String warning : plan.warnings()) {
      progress.println("warning: " + InvalidOptionException.render(warning, optionNames));
    }
    if (!config.epochsChosen()) {
      int perEpoch =
          TrainConfig.stepsPerEpoch(plan.train().size(), config.optimisation().batchSize());
      progress.printf(
          "%s not given: %d epochs, %d steps of %d images (the default is %d epochs, or more for"
              + " at least %d steps)%n",
          optionNames.apply("epochs"),
          plan.epochs(),
          plan.epochs() * perEpoch,
          config.optimisation().batchSize(),
          TrainConfig.DEFAULT_EPOCHS,
          TrainConfig.MIN_DEFAULT_STEPS);
    }
    boolean existed = Files.exists(outDir);
    CheckpointPointer latest = RunFolder.prepare(outDir, resume);
    FolderWatch watch = FolderWatch.of(data);
    try {
      TrainResult result = train(plan, latest, dataDescription, outDir);
      List<String> changed = watch.changed();
      if (!changed.isEmpty()) {
        progress.printf(
            "warning: %d training photo%s changed or disappeared during training (%s%s); the model"
                + " learnt them as they were when read: train again to learn the new ones%n",
            changed.size(),
            changed.size() == 1 ? "" : "s",
            String.join(", ", changed.subList(0, Math.min(3, changed.size()))),
            changed.size() > 3 ? ", …" : "");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      // a new run that failed before writing anything leaves no empty folder behind
      if (!existed) {
        RunFolder.deleteIfEmpty(outDir);
      }
      throw e;
    }
  }

  private TrainResult train(
      RunPlan plan, CheckpointPointer latest, String dataDescription, Path outDir)
      throws IOException {
    InputShape shape = config.inputShape();
    Normalization norm =
        latest != null
            ? latest.normalization()
            : config.normalization() != null
                ? config.normalization()
                : Normalization.measure(plan.train());
    ModelSpec spec = new ModelSpec(config.backbone(), config.embeddingDim(), shape, norm);
    RunIdentity run = identity(spec, plan.classes(), plan.heldOutClasses());
    if (latest != null) {
      RunFolder.requireResumable(latest.identity(), run);
    }
    int startEpoch = latest == null ? 0 : latest.epoch();
    if (startEpoch >= plan.epochs()) {
      throw new InvalidOptionException(
          outDir + " has already trained " + startEpoch + " epochs; raise {epochs} to continue");
    }
    Fit fit = fit(plan, spec, run, latest, outDir);
    ModelInfo info = modelInfo(plan, spec, dataDescription, fit, outDir);
    ModelFolder.writeInfo(outDir, info);
    return new TrainResult(outDir, info, fit.epochs());
  }

  /** What the training loop leaves: the epoch records, the last verdict, the epoch kept. */
  private record Fit(
      List<EpochMetrics> epochs,
      Convergence verdict,
      BestEpoch.Best kept,
      ModelInfo.BackboneFile backboneFile,
      ComputeMode compute,
      TrainingRun.CachedFeatures cached) {}

  /** The compute mode in words for the first lines of a run. */
  static String describe(ComputeMode mode) {
    String p =
        mode.precision() == Precision.BF16
            ? "bfloat16 mixed precision (float32 master weights, head and loss)"
            : "float32";
    return p + (mode.channelsLast() ? ", channels-last" : "");
  }

  /**
   * Builds the network and the data loader, resumes from {@code latest} if given, trains the
   * remaining epochs with every listener, and saves the embedding network (the kept epoch's with
   * {@code keepBest}) into {@code outDir}.
   */
  private Fit fit(
      RunPlan plan, ModelSpec spec, RunIdentity run, CheckpointPointer latest, Path outDir)
      throws IOException {
    InputShape shape = spec.inputShape();
    Normalization norm = spec.normalization();
    List<String> held = plan.heldOutClasses();
    ImageSet train = plan.train();
    ImageSet val = plan.validation();
    ImageSet newClassQueries = plan.newClassQueries();
    ImageSet gallery = plan.validationGallery();
    List<String> classes = plan.classes();
    int startEpoch = latest == null ? 0 : latest.epoch();
    Map<String, Integer> classIndex = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      classIndex.put(classes.get(i), i);
    }
    Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
    // With rotation labels the head has 4 classes per class: 4·c + r for a turn of r · 90°.
    int perClass = config.experimental().rotationLabels() ? 4 : 1;
    Block classHead = config.loss().build(classes.size() * perClass);
    float softmaxEpochs = config.softmaxWarmupEpochs(plan.epochs());
    if (softmaxEpochs > 0 && classHead instanceof MarginHead margin) {
      // the warm start trains W as a linear classifier: initialised as one
      margin.useLinearInit();
    }
    Block head = config.experimental().rotationHead() ? new RotationHead(classHead) : classHead;
    Map<String, Integer> centreIndex = new HashMap<>();
    classIndex.forEach((label, i) -> centreIndex.put(label, i * perClass));
    List<EpochMetrics> epochs;
    Convergence verdict;
    BestEpoch.Best bestKept = null;
    ModelInfo.BackboneFile backboneFile = null;
    ComputeMode compute;
    int frozenEpochs = config.frozenEpochs(plan.epochs());
    // a frozen pretrained backbone's features are computed once, not every epoch
    boolean cached =
        !(spec.backbone() instanceof BackboneRef.BuiltIn)
            && frozenEpochs > startEpoch
            && config.data().featureViews() > 0
            && !config.experimental().rotationLabels()
            && !config.experimental().rotationHead();
    TrainingRun.CachedFeatures cachedRecord = null;
    try (Model model = Model.newInstance("arcmetric-train");
        BatchDataset dataset =
            new BatchDataset(
                train,
                classIndex,
                config.optimisation().batchSize(),
                config.data().augmentation(),
                norm,
                config.seed(),
                config.workers(),
                cached ? Math.max(startEpoch, frozenEpochs) : startEpoch,
                config.loss().imagesPerClass())) {
      // a resumed run's checkpoint holds a TorchScript backbone whole: no file is read for it
      EmbeddingNetwork embedding =
          EmbeddingNetwork.build(latest == null ? spec : spec.forLoading(), model.getNDManager());
      embedding.setCompute(ComputeMode.defaults().withPrecision(config.precision()));
      compute = embedding.effectiveCompute();
      TrainingNetwork net = new TrainingNetwork(embedding, head);
      model.setBlock(net);
      dataset.rotationLabels(config.experimental().rotationLabels());
      dataset.rotationTurns(config.experimental().rotationHead());
      if (latest != null) {
        try {
          model.load(Checkpoints.latestPath(outDir, latest), Checkpoints.PREFIX);
        } catch (MalformedModelException e) {
          throw new IOException(
              "the checkpoint in " + outDir + " is damaged: " + e.getMessage(), e);
        }
        RunFolder.truncateLog(outDir, startEpoch);
      }
      if (spec.backbone() instanceof BackboneRef.TorchScript ts) {
        String path = ts.file() == null ? null : ts.file().toString();
        long f =
            BackboneRef.featureCount(
                embedding.backbone(), shape, path == null ? "the backbone" : path);
        backboneFile = new ModelInfo.BackboneFile(path, ts.sha256(), f);
      } else if (spec.backbone() instanceof BackboneRef.External ext) {
        long f = BackboneRef.featureCount(embedding.backbone(), shape, ext.file().toString());
        backboneFile = new ModelInfo.BackboneFile(ext.file().toString(), ext.sha256(), f);
        // the model folder holds its own copy, so it works without the user's file
        Path copy = outDir.resolve(ext.copyName());
        if (!copy.toAbsolutePath().normalize().equals(ext.file().toAbsolutePath().normalize())) {
          Files.copy(ext.file(), copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      int perEpoch = dataset.batchesPerEpoch();
      Tracker lr = schedule(plan.epochs(), perEpoch);
      Set<String> headIds = new HashSet<>();
      net.head().getParameters().forEach(p -> headIds.add(p.getValue().getId()));
      Set<String> backboneIds = new HashSet<>();
      embedding.backbone().getParameters().forEach(p -> backboneIds.add(p.getValue().getId()));
      GroupLearningRate rates =
          new GroupLearningRate(
              lr,
              headIds,
              config.optimisation().headLrFactor(),
              backboneIds,
              config.optimisation().backboneLrFactor());
      Map<String, Float> decayFactors = Map.of();
      if (config.experimental().normBiasRate() != 1f) {
        NormBiasRule rule = NormBiasRule.apply(embedding, config.experimental().normBiasRate());
        rates = rule.rates(rates);
        decayFactors = rule.decayFactors();
      }
      RunState state = new RunState(startEpoch + 1, plan.epochs(), perEpoch, dataset.batchSize());
      EvaluatorTrainingListener evaluators = new EvaluatorTrainingListener();
      EpochRecorder recorder =
          new EpochRecorder(state, outDir, CheckpointPointer.of(run, norm), progress);
      String advice = divergenceAdvice(startEpoch, plan.epochs(), outDir);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(trainingLoss())
              .optOptimizer(optimizer(rates, decayFactors, startEpoch * perEpoch));
      if (config.loss().classifies()) {
        tc.addEvaluator(new Accuracy());
      }
      // what the head needs (margin warm-up, SphereFace's λ on a resumed run), from the loss
      config
          .loss()
          .trainingListeners(
              classHead,
              (long) startEpoch * perEpoch,
              steps(softmaxEpochs, perEpoch),
              steps(config.optimisation().marginWarmupEpochs(), perEpoch))
          .forEach(tc::addTrainingListeners);
      ConvergenceGuard convergence =
          new ConvergenceGuard(
              state,
              classes.size(),
              pixelBaselineAccuracy(gallery, val, config.validation().k()),
              new Convergence.Regime(
                  config.loss(),
                  softmaxEpochs,
                  config.optimisation().marginWarmupEpochs(),
                  config.optimisation().warmupEpochs(),
                  plan.epochs()),
              progress,
              optionNames);
      EpochValidator validator =
          new EpochValidator(
              net.embedding(),
              norm,
              gallery,
              val,
              newClassQueries,
              config.validation().k(),
              state,
              centreIndex);
      // counts the epoch's batches in state.batch, for the listeners after it
      tc.addTrainingListeners(state.batchCounter());
      if (config.experimental().averaged()) {
        // before the validator and the checkpoints, which read the weights at each epoch's end
        tc.addTrainingListeners(new Lookahead(net, plan.epochs(), perEpoch, startEpoch));
      }
      DivergenceGuard divergence =
          new DivergenceGuard(state, InvalidOptionException.render(advice, optionNames), progress);
      tc.addTrainingListeners(
          new StopListener(stop, state, outDir, optionNames),
          evaluators,
          divergence,
          new ProgressBar(progress, state, terminal),
          new EpochStats(state, evaluators, lr),
          validator,
          convergence);
      BestEpoch best =
          config.validation().keepBest() ? new BestEpoch(state, net.embedding(), outDir) : null;
      if (best != null) {
        tc.addTrainingListeners(best);
      }
      tc.addTrainingListeners(recorder);
      BackboneFreeze freeze = new BackboneFreeze(embedding, state, frozenEpochs, progress);
      tc.addTrainingListeners(freeze);
      try (Trainer trainer = model.newTrainer(tc)) {
        // shapes only: DJL's shape inference runs lambda blocks on zeros of this shape, and a
        // process keeps its peak native memory (compute.NativeMemory), so a batch of one
        trainer.initialize(new Shape(1, shape.channels(), shape.height(), shape.width()));
        if (latest == null && Boolean.TRUE.equals(config.optimisation().whitenStem())) {
          StemWhitening.apply(embedding.backbone(), train, norm, config.seed());
        }
        if (latest == null && Boolean.TRUE.equals(config.optimisation().diracInit())) {
          progress.printf(
              "identity (Dirac) start of %d convolutions%n", DiracInit.apply(embedding.backbone()));
        }
        freeze.apply();
        progress.printf("compute: %s on %s%n", describe(compute), CpuFeatures.detect());
        Dataset data = dataset;
        if (cached) {
          FrozenFeatures frozen =
              new FrozenFeatures(
                  embedding.backbone(), spec.backbone().identity(), model.getNDManager(), norm);
          FrozenFeatures.Computed features =
              frozen.training(
                  train,
                  config.data().augmentation(),
                  config.data().featureViews(),
                  config.seed(),
                  config.featureCacheDir(),
                  progress);
          FeatureBatches batches =
              new FeatureBatches(
                  features.table(),
                  dataset.labelIndex(),
                  config.optimisation().batchSize(),
                  dataset.sampler(),
                  config.seed(),
                  startEpoch);
          data = new FrozenThenImages(batches, dataset, frozenEpochs, startEpoch);
          validator.withFrozenFeatures(frozen);
          cachedRecord =
              new TrainingRun.CachedFeatures(
                  features.table().views(), frozenEpochs - startEpoch, features.seconds());
        }
        progress.printf(
            "training %s (%d classes, %d images, %d validation, %d held-out classes) for %d"
                + " epochs: %s%n",
            config.backbone().name(),
            classes.size(),
            train.size(),
            val.size(),
            held.size(),
            plan.epochs() - startEpoch,
            config.describeOptimisation());
        TrainingLoop.fit(trainer, plan.epochs() - startEpoch, data, divergence);
      } catch (TranslateException e) {
        throw new IOException("training failed: " + e.getMessage(), e);
      }
      epochs = recorder.history();
      verdict = convergence.last();
      if (best != null && best.best() != null) {
        BestEpoch.restore(net.embedding(), model.getNDManager(), outDir);
        progress.printf(
            "keeping epoch %d (held-out classes, nearest centroid: %.4f)%n",
            best.best().epoch(), best.best().value());
        bestKept = best.best();
      }
      try (Model embeddingModel = Model.newInstance(ModelFolder.WEIGHTS_PREFIX)) {
        embeddingModel.setBlock(net.embedding());
        embeddingModel.save(outDir, ModelFolder.WEIGHTS_PREFIX);
      }
    }
    return new Fit(epochs, verdict, bestKept, backboneFile, compute, cachedRecord);
  }

  /**
   * {@code model.json}'s contents: the weights' fingerprint, the run's summary, the shipped epoch's
   * metrics and, with CL2N, the centre μ (the mean of the tapped unit vectors of a sample of the
   * training images), so the file is written once and never looks finished without μ.
   */
  private ModelInfo modelInfo(
      RunPlan plan, ModelSpec spec, String dataDescription, Fit fit, Path outDir)
      throws IOException {
    ImageSet train = plan.train();
    List<String> classes = plan.classes();
    BestEpoch.Best bestKept = fit.kept();
    String fingerprint = ModelFolder.fingerprint(outDir.resolve(ModelFolder.WEIGHTS_FILE));
    // a network trained on mirrored images embeds each image averaged with its mirror image
    boolean mirror = config.data().augmentation().flips();
    // and, with the research knob, with its shifted copies
    FeatureSpec features =
        FeatureSpec.of(config.features(), null)
            .withMirror(mirror)
            .withShifts(config.experimental().shifted());
    TrainingRecord training =
        config.record(
            dataDescription,
            plan.epochs(),
            new TrainingRun(
                train.size(),
                plan.validation().size(),
                plan.heldOutClasses(),
                plan.epochs(),
                TrainingRun.LR_SCHEDULE,
                fit.verdict(),
                bestKept == null ? null : bestKept.epoch(),
                bestKept == null ? null : bestKept.value(),
                fit.cached()));
    // the metrics of the epoch that ships: the last, or the one --keep-best kept
    EpochMetrics metrics =
        RunFolder.logRecord(outDir, bestKept == null ? Integer.MAX_VALUE : bestKept.epoch());
    ModelInfo info =
        new ModelInfo(
            ModelInfo.FORMAT_VERSION,
            spec.backbone().name(),
            spec.embeddingDim(),
            spec.inputShape(),
            spec.normalization(),
            classes,
            config.loss(),
            training,
            metrics,
            fingerprint,
            features,
            fit.backboneFile(),
            new ModelInfo.TrainedCompute(
                fit.compute().precision().cliName(),
                fit.compute().channelsLast(),
                CpuFeatures.detect().toString()),
            ModelInfo.contractOf(
                spec.backbone().name(),
                spec.embeddingDim(),
                spec.inputShape(),
                spec.normalization(),
                fit.backboneFile()));
    if (config.featureChoice().centred()) {
      // CL2N: μ is the mean of the tapped unit vectors of (a sample of) the training images, and
      // +zca's W their whitening; model.json is written once, with both, so no folder ever looks
      // finished without them
      ImageSet sample =
          StratifiedSplit.takePerClass(
                  train, Math.max(1, CENTRE_SAMPLE / classes.size()), config.seed())
              .first();
      try (EmbeddingModel m =
              EmbeddingModel.load(outDir, info, features).setCompute(fit.compute());
          Embedder e = m.newEmbedder()) {
        info =
            info.withFeatures(
                config
                    .featureChoice()
                    .measure(e.embed(sample), sample.labels())
                    .withViewsOf(features));
      }
    }

    return info;
  }

  /** What to do when the loss diverges, naming options as {@code {field}}. */
  /** Epochs as training steps: 0 for none, at least 1 step for any positive fraction. */
  private static long steps(float epochs, int perEpoch) {
    return epochs > 0 ? Math.max(1, Math.round(epochs * perEpoch)) : 0;
  }

  private String divergenceAdvice(int startEpoch, int epochs, Path outDir) {
    return (startEpoch > 0 || epochs > 1
            ? "The last good checkpoint is kept in " + Checkpoints.dir(outDir) + ". "
            : "")
        + "Lower the learning rate ({learningRate}, now "
        + config.optimisation().learningRate()
        + (Float.isNaN(config.loss().scaleOrNaN())
            ? ")"
            : ") or the scale ({scale}, now " + config.loss().scaleOrNaN() + ")")
        + ", then train again ({resume} continues from the checkpoint).";
  }

  /**
   * The raw-pixel baseline's validation accuracy: k-NN of the validation images against the
   * validation gallery, both as {@link PixelBaseline} vectors (NaN without validation images); on
   * at most {@value #PIXEL_BASELINE_QUERIES} validation images and {@value #PIXEL_BASELINE_GALLERY}
   * gallery images, a stratified sample of larger sets.
   */
  static double pixelBaselineAccuracy(ImageSet gallery, ImageSet val, int k) {
    if (val.size() == 0 || gallery.size() == 0) {
      return Double.NaN;
    }
    // a yardstick for the convergence guard, not a result: on large sets a stratified sample
    // (raw pixels of 50,000 photos at 96 px would take minutes and gigabytes)
    int classes = Math.max(1, val.classes().size());
    if (val.size() > PIXEL_BASELINE_QUERIES) {
      val =
          StratifiedSplit.takePerClass(val, Math.max(1, PIXEL_BASELINE_QUERIES / classes), 1)
              .first();
    }
    if (gallery.size() > PIXEL_BASELINE_GALLERY) {
      gallery =
          StratifiedSplit.takePerClass(
                  gallery,
                  Math.max(1, PIXEL_BASELINE_GALLERY / Math.max(1, gallery.classes().size())),
                  1)
              .first();
    }
    float[][] g = PixelBaseline.embed(gallery, gallery.shape());
    float[][] q = PixelBaseline.embed(val, gallery.shape());
    KnnClassifier knn = new KnnClassifier(ExactIndex.of(gallery.labels(), g), k, -2f);
    List<Prediction> p = knn.classifyAll(q, 1);
    int right = 0;
    for (int i = 0; i < q.length; i++) {
      if (val.label(i).equals(p.get(i).label())) {
        right++;
      }
    }
    return (double) right / q.length;
  }

  /** The class loss, with the rotation-label marginal or the rotation head's term where asked. */
  private Loss trainingLoss() {
    float smoothing = config.experimental().labelSmoothing();
    Loss loss = smoothing > 0 ? new LabelSmoothingLoss(smoothing) : config.loss().buildLoss();
    if (config.experimental().rotationLabels() && config.experimental().rotationClassTerm()) {
      return new RotationMarginalLoss(loss);
    }
    if (config.experimental().rotationHead()) {
      return new RotationTaskLoss(loss, config.experimental().rotationHeadWeight());
    }
    return loss;
  }

  private RunIdentity identity(ModelSpec spec, List<String> classes, List<String> held) {
    InputShape in = spec.inputShape();
    return new RunIdentity(
        spec.backbone().identity(),
        spec.embeddingDim(),
        List.of(in.channels(), in.height(), in.width()),
        config.loss().name(),
        classes,
        held,
        config.experimental().rotationLabels(),
        config.experimental().rotationHead());
  }

  /** Linear warm-up from 0, then cosine decay to 1% of the learning rate at the last step. */
  Tracker schedule(int epochs, int batchesPerEpoch) {
    int total = Math.max(1, epochs * batchesPerEpoch);
    int warm =
        Math.min(total - 1, Math.round(config.optimisation().warmupEpochs() * batchesPerEpoch));
    float lr = config.optimisation().learningRate();
    Tracker cosine =
        CosineTracker.builder()
            .setBaseValue(lr)
            .optFinalValue(lr * 0.01f)
            .setMaxUpdates(Math.max(1, total - warm))
            .build();
    if (warm <= 0) {
      return cosine;
    }
    return WarmUpTracker.builder()
        .setMainTracker(cosine)
        .optWarmUpSteps(warm)
        .optWarmUpBeginValue(lr * 0.01f)
        .build();
  }

  private Optimizer optimizer(
      ParameterTracker lr, Map<String, Float> decayFactors, int beginNumUpdate) {
    return switch (config.optimisation().optimizer()) {
      case ADAM ->
          Optimizer.adam()
              .optLearningRateTracker(lr)
              .optWeightDecays(config.optimisation().weightDecay())
              .optBeginNumUpdate(beginNumUpdate)
              .build();
      case ADAMW ->
          Optimizer.adamW()
              .optLearningRateTracker(lr)
              .optWeightDecays(config.optimisation().weightDecay())
              .optBeginNumUpdate(beginNumUpdate)
              .build();
      case SGD ->
          config.experimental().nesterovMomentum()
              ? NesterovSgd.builder()
                  .setLearningRateTracker(lr)
                  .optMomentum(config.optimisation().momentum())
                  .optWeightDecays(config.optimisation().weightDecay())
                  .optWeightDecayFactors(decayFactors)
                  .optBeginNumUpdate(beginNumUpdate)
                  .build()
              : Optimizer.sgd()
                  .setLearningRateTracker(lr)
                  .optMomentum(config.optimisation().momentum())
                  .optWeightDecays(config.optimisation().weightDecay())
                  .optBeginNumUpdate(beginNumUpdate)
                  .build();
    };
  }
}
