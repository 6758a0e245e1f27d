package org.arcmetric.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.compute.Precision;
import org.arcmetric.config.DataOptions;
import org.arcmetric.config.Experimental;
import org.arcmetric.config.Optimisation;
import org.arcmetric.config.OptimizerKind;
import org.arcmetric.config.Validation;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.data.NormalizationPreset;
import org.arcmetric.features.FeatureChoice;
import org.arcmetric.features.FeatureTap;
import org.arcmetric.features.Whitening;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.model.Backbone;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.TrainingRecord;
import org.arcmetric.model.TrainingRun;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.options.Numbers;
import org.arcmetric.pretrained.FeatureCache;

/**
 * Options of one training run, composed of records that each hold one role: the model's input,
 * backbone, normalisation and embedding size (its own fields, as {@code model.json} keeps them at
 * its top), the {@link #loss() loss}, {@link #optimisation()}, {@link #data()}, {@link
 * #validation()}, {@link #featureChoice() features} and {@link #experimental()} research knobs;
 * beside them what only this process needs (threads, precision, the feature cache's folder). {@code
 * model.json} records the records as they are ({@link #record}). Built in DJL's style: {@code set*}
 * for what is required (the input shape), {@code opt*} for the rest, with the defaults documented
 * on each method; {@link Builder#build()} validates. Immutable.
 */
public final class TrainConfig {
  private final InputShape inputShape;
  private final BackboneRef backbone;
  private final Normalization normalization;
  private final int embeddingDim;
  private final LossConfig loss;
  private final Optimisation optimisation;
  private final DataOptions data;
  private final Validation validation;
  private final FeatureChoice featureChoice;
  private final Experimental experimental;
  private final int valGalleryLimit;
  private final int workers;
  private final Precision precision;
  private final Path featureCacheDir;

  /**
   * Views of each training image whose frozen-backbone features are computed once ({@link
   * DataOptions#featureViews}): {@value}, the image itself and 3 augmented copies (BENCHMARKS.md
   * section 17).
   */
  public static final int DEFAULT_FEATURE_VIEWS = 4;

  /**
   * The features a model outputs by default: the embedding, centred and ZCA-whitened on the
   * training images ({@code features.Whitening}). Chosen by the ablation of research/ablations.md
   * ("Whitening"): it placed the shapes' selection classes better than the plain embedding for
   * every seed, where a softmax-trained embedding otherwise collapses unseen classes onto trained
   * ones. With an embedding of more than {@link Whitening#MAX_DIMENSION} values the default is the
   * plain embedding.
   */
  public static final FeatureChoice DEFAULT_FEATURES =
      FeatureChoice.of(FeatureTap.EMBEDDING, true, true);

  /**
   * The input normalisation of a pretrained backbone when none is given: ImageNet's mean and
   * standard deviation, which torchvision's, timm's and Keras's ImageNet networks expect.
   */
  public static final NormalizationPreset PRETRAINED_NORMALIZATION = NormalizationPreset.IMAGENET;

  /**
   * The image side for a pretrained backbone when none is given: {@value} px, the resolution
   * ImageNet networks are trained at (BENCHMARKS.md section 17).
   */
  public static final int PRETRAINED_SIDE = 224;

  /** Epochs when none are given and the data is large enough: {@value}. */
  public static final int DEFAULT_EPOCHS = 10;

  /**
   * Optimiser steps a run makes at least when no epochs are given: {@value}. From-scratch training
   * of a small data set needs more epochs than a large one; the shapes data set (4,050 training
   * images, batch 64, 64 steps an epoch) reached validation accuracy 0.85 after 640 steps (10
   * epochs) and 0.99 after 1,280 (20), and placed its new classes 0.51 → 0.82 (BENCHMARKS.md
   * section 11, "Training longer").
   */
  public static final int MIN_DEFAULT_STEPS = 1250;

  /** The most epochs chosen when none are given: {@value}. */
  public static final int MAX_DEFAULT_EPOCHS = 100;

  /**
   * Whether {@code backbone}'s first convolution starts as a patch-whitening layer when the caller
   * does not say ({@link Builder#optWhitenStem}): for the built-in {@code convnet-small}, the
   * network in airbench's layout whose recipe it comes from, chosen on held-out selection classes
   * of two kinds of data (BENCHMARKS.md section 19); not for other networks (not measured).
   */
  public static boolean whitenStemByDefault(BackboneRef backbone) {
    return backbone instanceof BackboneRef.BuiltIn b && b.backbone() == Backbone.CONVNET_SMALL;
  }

  /**
   * Whether {@code backbone}'s convolutions after the first start as the identity when the caller
   * does not say ({@link Builder#optDiracInit}): for {@code convnet-small}, the plain network the
   * identity start was made for (airbench), chosen on held-out selection classes of two kinds of
   * data (BENCHMARKS.md section 21); the other networks have residual connections or another layout
   * ({@link DiracInit#applies}).
   */
  public static boolean diracInitByDefault(BackboneRef backbone) {
    return backbone instanceof BackboneRef.BuiltIn b && DiracInit.applies(b.backbone());
  }

  private TrainConfig(
      Builder b,
      BackboneRef backbone,
      Normalization normalization,
      FeatureChoice featureChoice,
      Optimisation optimisation,
      DataOptions data,
      Validation validation,
      Experimental experimental) {
    inputShape = b.inputShape;
    this.backbone = backbone;
    this.normalization = normalization;
    embeddingDim = b.embeddingDim;
    loss = b.head;
    this.optimisation = optimisation;
    this.data = data;
    this.validation = validation;
    this.featureChoice = featureChoice;
    this.experimental = experimental;
    valGalleryLimit = b.valGalleryLimit;
    workers = b.workers;
    featureCacheDir = b.featureCacheDir != null ? b.featureCacheDir : FeatureCache.defaultDir();
    precision = b.precision != null ? b.precision : ComputeMode.defaults().precision();
  }

  public static Builder builder() {
    return new Builder();
  }

  public InputShape inputShape() {
    return inputShape;
  }

  public BackboneRef backbone() {
    return backbone;
  }

  /** The input normalisation to use, or null to measure it on the training images. */
  public Normalization normalization() {
    return normalization;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  /** The training loss (a head and its loss, or a pair loss). */
  public LossConfig loss() {
    return loss;
  }

  /** Epochs, optimiser, learning rates and the phases of backbone, head and margin. */
  public Optimisation optimisation() {
    return optimisation;
  }

  /** Augmentation, seed and the frozen backbone's feature views (the source comes with the run). */
  public DataOptions data() {
    return data;
  }

  /** What is held out each epoch and how it is scored. */
  public Validation validation() {
    return validation;
  }

  /** The features the model outputs: tap and transform ({@code TAP[+cl2n|+zca]}). */
  public FeatureChoice featureChoice() {
    return featureChoice;
  }

  /** The research knobs ({@link Experimental#NONE} unless set). */
  public Experimental experimental() {
    return experimental;
  }

  /** The seed of splits, initialisation order, shuffling and augmentation. */
  public long seed() {
    return data.seed();
  }

  /** At most this many training images form the validation gallery. */
  public int valGalleryLimit() {
    return valGalleryLimit;
  }

  /** Threads preparing batches. */
  public int workers() {
    return workers;
  }

  /**
   * The number format the backbone trains in: {@code bf16} (mixed precision, float32 master
   * weights) or {@code fp32}; by default bfloat16 where the CPU has it ({@link
   * ComputeMode#defaults()}).
   */
  public Precision precision() {
    return precision;
  }

  /** Where the computed features of frozen backbones are kept between runs. */
  public Path featureCacheDir() {
    return featureCacheDir;
  }

  /** Whether the caller gave the frozen epochs. */
  public boolean freezeChosen() {
    return optimisation.freezeBackboneEpochs() != null;
  }

  /**
   * The epochs of a run of {@code epochs} that keep the backbone frozen: all of them for a backbone
   * in a format that is always frozen (ONNX); the number given; without one, all of them for a
   * pretrained backbone (its features computed once: the pretrained recipe of BENCHMARKS.md section
   * 17) and none for a built-in one (random weights).
   */
  public int frozenEpochs(int epochs) {
    if (backbone instanceof BackboneRef.External) {
      return epochs;
    }
    if (optimisation.freezeBackboneEpochs() != null) {
      return Math.min(optimisation.freezeBackboneEpochs(), epochs);
    }
    return backbone instanceof BackboneRef.BuiltIn ? 0 : epochs;
  }

  /**
   * The epochs asked for, or, when none were ({@link Builder#optEpochs} not called), {@link
   * #DEFAULT_EPOCHS}; a run resolves the latter for its data with {@link #epochsFor}.
   */
  public int epochs() {
    return optimisation.epochs() == null ? DEFAULT_EPOCHS : optimisation.epochs();
  }

  /** Whether the epochs were given ({@link Builder#optEpochs}) rather than left to the default. */
  public boolean epochsChosen() {
    return optimisation.epochs() != null;
  }

  /**
   * The default number of epochs for {@code trainingImages} at {@code batchSize}: {@link
   * #DEFAULT_EPOCHS}, or more where that would make fewer than {@link #MIN_DEFAULT_STEPS} steps, at
   * most {@link #MAX_DEFAULT_EPOCHS}. 4,050 images at batch 64 (64 steps an epoch): 20 epochs;
   * 37,800 images: 10.
   */
  public static int defaultEpochs(int trainingImages, int batchSize) {
    int steps = stepsPerEpoch(trainingImages, batchSize);
    int epochs = (MIN_DEFAULT_STEPS + steps - 1) / steps;
    return Math.max(DEFAULT_EPOCHS, Math.min(MAX_DEFAULT_EPOCHS, epochs));
  }

  /** Optimiser steps in one epoch of {@code trainingImages} (the last batch may be partial). */
  public static int stepsPerEpoch(int trainingImages, int batchSize) {
    return Math.max(1, (trainingImages + batchSize - 1) / batchSize);
  }

  /**
   * The epochs a run on {@code trainingImages} makes: those given, else {@link #defaultEpochs} for
   * that many images at this batch size ({@link RunPlan#epochs}).
   */
  public int epochsFor(int trainingImages) {
    return epochsChosen() ? epochs() : defaultEpochs(trainingImages, optimisation.batchSize());
  }

  /**
   * The share of a run's epochs a margin head trains as a plain softmax classifier by default (the
   * softmax warm start): {@value}, chosen by the screen of BENCHMARKS.md section 16 (ArcFace from
   * scratch leaves chance on cluttered colour data only with it).
   */
  public static final float DEFAULT_SOFTMAX_WARMUP_SHARE = 0.5f;

  /**
   * Epochs a margin head ({@link LossConfig#hasMargin}) first trains as a plain softmax classifier
   * (the softmax warm start), before its cosine logits and margin (with the margin ramp of {@link
   * Optimisation#marginWarmupEpochs} after it), in a run of {@code epochs}: as set, or by default
   * {@link #DEFAULT_SOFTMAX_WARMUP_SHARE} of the epochs, rounded down, for a margin loss and 0 for
   * any other.
   */
  public float softmaxWarmupEpochs(int epochs) {
    if (optimisation.softmaxWarmupEpochs() != null) {
      return optimisation.softmaxWarmupEpochs();
    }
    return loss.hasMargin() ? (float) Math.floor(epochs * DEFAULT_SOFTMAX_WARMUP_SHARE) : 0f;
  }

  /**
   * How this run optimises, in words for the progress stream: the optimiser and its peak rate,
   * Nesterov momentum and Lookahead where on, the batch size and the augmentation, e.g. "sgd at
   * learning rate 0.05 with Nesterov momentum 0.9 and Lookahead, batch 512, augmentation
   * flip-shift". {@code model.json} records the same values as fields.
   */
  public String describeOptimisation() {
    StringBuilder b =
        new StringBuilder(optimisation.optimizer().cliName())
            .append(" at learning rate ")
            .append(Numbers.plain(optimisation.learningRate()));
    if (optimisation.optimizer() == OptimizerKind.SGD) {
      b.append(experimental.nesterovMomentum() ? " with Nesterov momentum " : " with momentum ")
          .append(Numbers.plain(optimisation.momentum()));
      if (experimental.averaged()) {
        b.append(" and Lookahead");
      }
    } else if (experimental.averaged()) {
      b.append(" with Lookahead");
    }
    return b.append(", batch ")
        .append(optimisation.batchSize())
        .append(", augmentation ")
        .append(data.augmentation().cliName())
        .toString();
  }

  /** Which activation the model folder's embedder outputs. */
  public FeatureTap features() {
    return featureChoice.tap();
  }

  /**
   * What {@code model.json} records of a run with these options: the records as the run resolved
   * them (its epochs, frozen epochs and softmax warm start; the data's source) and what happened.
   *
   * @param source how the data was given
   * @param epochs the epochs of the run ({@link #epochsFor})
   * @param run what happened
   */
  public TrainingRecord record(String source, int epochs, TrainingRun run) {
    return new TrainingRecord(
        optimisation.resolved(epochs, frozenEpochs(epochs), softmaxWarmupEpochs(epochs)),
        data.withSource(source),
        validation,
        featureChoice,
        experimental.equals(Experimental.NONE) ? null : experimental,
        run);
  }

  /** Builder for {@link TrainConfig}. */
  public static final class Builder {
    private InputShape inputShape;

    /** What the caller chose, or null for {@link Backbone#forInput} (resolved in build). */
    private BackboneRef backbone = null;

    private Normalization normalization;

    /** What the caller gave, or null for {@link TrainConfig#frozenEpochs}'s rule. */
    private Integer freezeBackboneEpochs = null;

    private float backboneLrFactor = 1f;
    private int embeddingDim = 128;
    private LossConfig head = LossConfig.defaultLoss();
    private int epochs = DEFAULT_EPOCHS;
    private boolean epochsChosen;
    private int batchSize = 64;

    /** What the caller chose, or null for {@link DefaultRecipe} (resolved in build). */
    private Float learningRate = null;

    private OptimizerKind optimizer = null;
    private float weightDecay = 5e-4f;
    private float momentum = 0.9f;
    private float warmupEpochs = 1f;

    /** What the caller chose, or null for {@link DefaultRecipe} (resolved in build). */
    private Augmentation augmentation = null;

    private double valFraction = 0.1;
    private int valClasses = 0;
    private List<String> valClassNames = List.of();
    private int valShots = 10;
    private int valGalleryLimit = 10_000;
    private int k = 5;
    private long seed = 42;
    private int workers = 1;
    private float headLrFactor = 1f;
    private Float marginWarmupEpochs = null;
    private float softmaxWarmupEpochs = Float.NaN;

    /** What the caller chose, or null for {@link #DEFAULT_FEATURES} (resolved in build). */
    private FeatureChoice featureChoice = null;

    private Double zcaShrinkage = null;
    private Double zcaBetweenWeight = null;

    private Boolean rotationLabels = null;
    private boolean keepBest = false;
    private boolean rotationClassTerm = true;
    private float rotationHeadWeight = 0f;
    private float labelSmoothing = 0f;
    private Boolean whitenStem = null;
    private Boolean diracInit = null;
    private boolean shiftViews = false;
    private Boolean lookahead = null;
    private Boolean nesterov = null;
    private float normBiasFactor = 1f;
    private Precision precision = null;
    private int featureViews = DEFAULT_FEATURE_VIEWS;
    private Path featureCacheDir = null;

    private Builder() {}

    /**
     * Views per training image of a frozen backbone's features ({@link DataOptions#featureViews}).
     */
    public Builder optFeatureViews(int views) {
      this.featureViews = views;
      return this;
    }

    /** Where frozen-backbone features are cached (default {@code FeatureCache.defaultDir()}). */
    public Builder optFeatureCacheDir(Path dir) {
      this.featureCacheDir = dir;
      return this;
    }

    /**
     * The number format the backbone trains in; default: bfloat16 where the CPU multiplies it
     * natively, else float32 ({@link ComputeMode#defaults()}). A TorchScript backbone always trains
     * in float32.
     */
    public Builder optPrecision(Precision precision) {
      this.precision = precision;
      return this;
    }

    /** Required: the model's input shape; images are converted to it. */
    public Builder setInputShape(InputShape shape) {
      this.inputShape = shape;
      return this;
    }

    /** Default: by the input size ({@link Backbone#forInput}). */
    public Builder optBackbone(Backbone backbone) {
      this.backbone = new BackboneRef.BuiltIn(backbone);
      return this;
    }

    /**
     * A built-in backbone or a TorchScript file; default: by the input size ({@link
     * Backbone#forInput}).
     */
    public Builder optBackbone(BackboneRef backbone) {
      this.backbone = Objects.requireNonNull(backbone);
      return this;
    }

    /**
     * A fixed input normalisation, such as a pretrained backbone's ({@link
     * NormalizationPreset#IMAGENET}); default null: measured on the training images.
     */
    public Builder optNormalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    /**
     * Keep the backbone frozen (no gradients, BatchNorm statistics fixed) for the first {@code n}
     * epochs, training only the projection and head, then fine-tune it; default 0.
     */
    public Builder optFreezeBackboneEpochs(int n) {
      this.freezeBackboneEpochs = n;
      return this;
    }

    /** The backbone's learning rate as a multiple of the base rate; default 1. */
    public Builder optBackboneLrFactor(float factor) {
      this.backboneLrFactor = factor;
      return this;
    }

    /** Embedding size d; default 128. */
    public Builder optEmbeddingDim(int d) {
      this.embeddingDim = d;
      return this;
    }

    /** Training loss; default {@link LossConfig#defaultLoss()} (ArcFace). */
    public Builder optLoss(LossConfig head) {
      this.head = head;
      return this;
    }

    /**
     * Default: {@link #DEFAULT_EPOCHS}, or as many as make {@link #MIN_DEFAULT_STEPS} steps on a
     * small data set ({@link #defaultEpochs}).
     */
    public Builder optEpochs(int epochs) {
      this.epochs = epochs;
      this.epochsChosen = true;
      return this;
    }

    /** Default 64 (the batch every recipe of research/ablations.md was measured at). */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Peak learning rate after warm-up; default: the optimiser's ({@link
     * DefaultRecipe#learningRate}: 0.05 for SGD, 1e-3 for Adam and AdamW).
     */
    public Builder optLearningRate(float lr) {
      this.learningRate = lr;
      return this;
    }

    /**
     * Default: SGD for {@code convnet-small}, Adam for the other networks ({@link DefaultRecipe}).
     */
    public Builder optOptimizer(OptimizerKind kind) {
      this.optimizer = kind;
      return this;
    }

    /** L2 weight decay (decoupled for AdamW); default 5e-4. */
    public Builder optWeightDecay(float wd) {
      this.weightDecay = wd;
      return this;
    }

    /** SGD momentum; default 0.9. */
    public Builder optMomentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Epochs of linear learning-rate warm-up (fractions allowed); default 1. */
    public Builder optWarmupEpochs(float epochs) {
      this.warmupEpochs = epochs;
      return this;
    }

    /**
     * Default: {@code flip-shift} for {@code convnet-small} with SGD on colour images, else by the
     * input's channels ({@link DefaultRecipe}, {@link Augmentation#forInput}).
     */
    public Builder optAugmentation(Augmentation a) {
      this.augmentation = a;
      return this;
    }

    /** Stratified fraction of the training classes' images kept for validation; default 0.1. */
    public Builder optValFraction(double f) {
      this.valFraction = f;
      return this;
    }

    /**
     * Number of classes kept out of training and enrolled {@link #optValShots k-shot} at each
     * epoch, to measure how well the embedding serves new classes; default 0.
     */
    public Builder optValClasses(int n) {
      this.valClasses = n;
      return this;
    }

    /** Holds out exactly these classes (instead of {@link #optValClasses} chosen by the seed). */
    public Builder optValClassNames(List<String> names) {
      this.valClassNames = List.copyOf(names);
      return this;
    }

    /** Images per held-out class enrolled in validation; default 10. */
    public Builder optValShots(int n) {
      this.valShots = n;
      return this;
    }

    /** At most this many training images form the validation gallery; default 10,000. */
    public Builder optValGalleryLimit(int n) {
      this.valGalleryLimit = n;
      return this;
    }

    /** Neighbours voting in validation's k-NN; default 5. */
    public Builder optK(int k) {
      this.k = k;
      return this;
    }

    /** Seed of splits, initialisation order, shuffling and augmentation; default 42. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Threads preparing batches; default 1. */
    public Builder optWorkers(int workers) {
      this.workers = workers;
      return this;
    }

    /** The head's learning rate as a multiple of the backbone's; default 1. */
    public Builder optHeadLrFactor(float factor) {
      this.headLrFactor = factor;
      return this;
    }

    /**
     * Ramp a margin head's margin from 0 over this many epochs; default 3 for {@code convnet-small}
     * with SGD, else 0, no ramp ({@link DefaultRecipe}).
     */
    public Builder optMarginWarmupEpochs(float epochs) {
      this.marginWarmupEpochs = epochs;
      return this;
    }

    /**
     * Train a margin head as plain softmax for this many epochs first (0: none); default {@link
     * TrainConfig#DEFAULT_SOFTMAX_WARMUP_SHARE} of the epochs for a margin loss (NaN: the default).
     */
    public Builder optSoftmaxWarmupEpochs(float epochs) {
      this.softmaxWarmupEpochs = epochs;
      return this;
    }

    /**
     * Which activation the embedder outputs, untransformed (follow with {@link #optCentre} or
     * {@link #optWhiten} for CL2N or ZCA); default {@link #DEFAULT_FEATURES}.
     */
    public Builder optFeatures(FeatureTap tap) {
      this.featureChoice = FeatureChoice.of(Objects.requireNonNull(tap), false, false);
      return this;
    }

    /**
     * Which activation the embedder outputs and how it is transformed ({@code TAP[+cl2n|+zca]});
     * default {@link #DEFAULT_FEATURES}.
     */
    public Builder optFeatures(FeatureChoice choice) {
      this.featureChoice = Objects.requireNonNull(choice);
      return this;
    }

    /**
     * CL2N-centre the features on the training images' mean (true), without whitening; false for
     * neither. Default: centred and whitened ({@link #DEFAULT_FEATURES}).
     */
    public Builder optCentre(boolean centre) {
      this.featureChoice = FeatureChoice.of(chosenTap(), centre, false);
      return this;
    }

    /**
     * Centre and then ZCA-whiten the features on the training images' mean and covariance ({@code
     * features.Whitening}, shrinkage {@code Whitening.DEFAULT_SHRINKAGE}); true turns centring on.
     * Default: on ({@link #DEFAULT_FEATURES}).
     */
    public Builder optWhiten(boolean whiten) {
      boolean centred = featureChoice == null ? whiten : featureChoice.centred() || whiten;
      this.featureChoice = FeatureChoice.of(chosenTap(), centred, whiten);
      return this;
    }

    /**
     * The whitening's shrinkage ε / (tr Σ / d) ({@code features.Whitening}) for whitened features;
     * default {@code Whitening.DEFAULT_SHRINKAGE} (0.01). Refused with features that are not
     * whitened.
     */
    public Builder optZcaShrinkage(double shrinkage) {
      this.zcaShrinkage = shrinkage;
      return this;
    }

    /**
     * β of the whitening's {@code Σ_w + β·Σ_b} ({@code features.Whitening}) for whitened features;
     * default {@code Whitening.DEFAULT_BETWEEN_WEIGHT}. Refused with features that are not
     * whitened.
     */
    public Builder optZcaBetweenWeight(double weight) {
      this.zcaBetweenWeight = weight;
      return this;
    }

    private FeatureTap chosenTap() {
      return (featureChoice == null ? DEFAULT_FEATURES : featureChoice).tap();
    }

    /**
     * Self-supervised rotation labels: the head learns 4·C (class, rotation) classes, for
     * classifying losses (margin heads, softmax) on square images. Default: off; true for a pair
     * loss is refused.
     */
    public Builder optRotationLabels(boolean on) {
      this.rotationLabels = on;
      return this;
    }

    /**
     * Ship the epoch whose nearest-centroid accuracy on the held-out classes ({@link
     * #optValClasses}) was highest instead of the last; default false.
     */
    public Builder optKeepBest(boolean on) {
      this.keepBest = on;
      return this;
    }

    /**
     * With rotation labels, add the class marginal's cross-entropy to the joint loss; default true.
     */
    public Builder optRotationClassTerm(boolean on) {
      this.rotationClassTerm = on;
      return this;
    }

    /**
     * λ of a self-supervised rotation head beside the class head: each training image is turned by
     * a random multiple of 90° and a 4-way linear head on the embedding learns the turn, its
     * cross-entropy weighted by λ ({@code loss.RotationTaskLoss}). Default 0 (none); not with
     * rotation labels; square images only.
     */
    public Builder optRotationHeadWeight(float weight) {
      this.rotationHeadWeight = weight;
      return this;
    }

    /**
     * ε of label smoothing in a classifying head's cross-entropy ({@code loss.LabelSmoothingLoss}):
     * the target puts 1 − ε on the class and ε / C on every class. Default 0 (none); a research
     * knob.
     */
    public Builder optLabelSmoothing(float epsilon) {
      this.labelSmoothing = epsilon;
      return this;
    }

    /**
     * Start the first convolution of a built-in backbone as a patch-whitening layer of the training
     * images ({@link StemWhitening}). Default: on for {@code convnet-small} ({@link
     * #whitenStemByDefault}), off for the others.
     */
    public Builder optWhitenStem(boolean on) {
      this.whitenStem = on;
      return this;
    }

    /**
     * Start each convolution of {@code convnet-small} after the first as the identity on its input
     * channels ({@link DiracInit}). Default: on for {@code convnet-small} ({@link
     * #diracInitByDefault}); refused for other networks.
     */
    public Builder optDiracInit(boolean on) {
      this.diracInit = on;
      return this;
    }

    /**
     * Embed each image averaged with its four shifted copies ({@code features.FeatureSpec#shifts}),
     * test-time augmentation for a network trained with translations; five times the embedding
     * cost. Default off; a research knob.
     */
    public Builder optShiftViews(boolean on) {
      this.shiftViews = on;
      return this;
    }

    /**
     * Pull the weights to their running average every few steps and ship the average ({@link
     * Lookahead}, airbench's weight averaging). Default on for {@code convnet-small} with SGD, else
     * off ({@link DefaultRecipe}).
     */
    public Builder optLookahead(boolean on) {
      this.lookahead = on;
      return this;
    }

    /**
     * SGD with Nesterov's momentum ({@link NesterovSgd}) instead of the heavy ball; needs {@code
     * optimizer} SGD. Default on for {@code convnet-small} with SGD, else off ({@link
     * DefaultRecipe}).
     */
    public Builder optNesterov(boolean on) {
      this.nesterov = on;
      return this;
    }

    /**
     * airbench's BatchNorm rule ({@link NormBiasRule}): the built-in backbone's BatchNorm shifts at
     * {@code factor} times the learning rate and their decay divided by it, its BatchNorm scales
     * fixed at 1; needs {@code nesterov} (the optimiser that decays each parameter by its own
     * amount). Default 1, off; a research knob.
     */
    public Builder optNormBiasFactor(float factor) {
      this.normBiasFactor = factor;
      return this;
    }

    public TrainConfig build() {
      if (inputShape == null) {
        throw new IllegalArgumentException("the input shape is required (setInputShape)");
      }
      // what the caller left open is resolved into locals: the builder keeps the choices, so one
      // reused for another input or network resolves them again
      BackboneRef backbone =
          this.backbone != null
              ? this.backbone
              : new BackboneRef.BuiltIn(Backbone.forInput(inputShape));
      // the optimisation follows the network
      DefaultRecipe recipe = DefaultRecipe.of(backbone, inputShape, optimizer);
      OptimizerKind optimizer = recipe.optimizer();
      Augmentation augmentation =
          this.augmentation != null ? this.augmentation : recipe.augmentation();
      float learningRate =
          this.learningRate != null ? this.learningRate : DefaultRecipe.learningRate(optimizer);
      boolean nesterov = this.nesterov != null ? this.nesterov : recipe.nesterov();
      boolean lookahead = this.lookahead != null ? this.lookahead : recipe.lookahead();
      float marginWarmupEpochs =
          this.marginWarmupEpochs != null ? this.marginWarmupEpochs : recipe.marginWarmupEpochs();
      // the default whitening stores a d × d matrix: above the limit, the plain embedding
      FeatureChoice featureChoice =
          this.featureChoice != null
              ? this.featureChoice
              : embeddingDim > Whitening.MAX_DIMENSION
                  ? FeatureChoice.of(FeatureTap.EMBEDDING, false, false)
                  : DEFAULT_FEATURES;
      if (zcaShrinkage != null) {
        featureChoice = featureChoice.withShrinkage(zcaShrinkage);
      }
      if (zcaBetweenWeight != null) {
        featureChoice = featureChoice.withBetweenWeight(zcaBetweenWeight);
      }
      FeatureTap features = featureChoice.tap();
      boolean whiten = featureChoice.whitened();
      check(
          !whiten || features != FeatureTap.EMBEDDING || embeddingDim <= Whitening.MAX_DIMENSION,
          "{features} +zca whitens at most "
              + Whitening.MAX_DIMENSION
              + " features but {embeddingDim} is "
              + embeddingDim
              + ": use +cl2n or a smaller {embeddingDim}");
      check(
          !whiten || features == FeatureTap.EMBEDDING || backbone instanceof BackboneRef.BuiltIn,
          "{features} +zca on a TorchScript backbone's "
              + features.cliName()
              + " output would whiten more than "
              + Whitening.MAX_DIMENSION
              + " features: use embedding+zca or "
              + features.cliName()
              + "+cl2n");
      check(epochs >= 1, "{epochs} must be at least 1, got " + epochs);
      check(batchSize >= 2, "{batchSize} must be at least 2, got " + batchSize);
      check(
          learningRate > 0 && learningRate < 10,
          "{learningRate} must be a positive number below 10, got " + learningRate);
      check(weightDecay >= 0, "{weightDecay} must not be negative");
      check(momentum >= 0 && momentum < 1, "{momentum} must be in [0, 1)");
      check(
          !nesterov || optimizer == OptimizerKind.SGD,
          "{nesterov} is a kind of SGD's momentum: set {optimizer} sgd, or leave {nesterov} off");
      check(
          normBiasFactor >= 1f && normBiasFactor <= 1024f,
          "{normBiasFactor} must be in [1, 1024] (1: off), got " + normBiasFactor);
      check(
          normBiasFactor == 1f || nesterov,
          "{normBiasFactor} decays the BatchNorm shifts by their own amount, which only {nesterov}"
              + " SGD does: turn {nesterov} on with {optimizer} sgd, or leave {normBiasFactor} at 1");
      check(
          normBiasFactor == 1f || backbone instanceof BackboneRef.BuiltIn,
          "{normBiasFactor} fixes the BatchNorm scales of a network trained from scratch: leave it"
              + " at 1 with a pretrained backbone");
      check(warmupEpochs >= 0, "{warmupEpochs} must not be negative");
      check(
          valFraction >= 0 && valFraction < 1,
          "{valFraction} must be in [0, 1), got " + valFraction);
      check(valClasses >= 0, "{valClasses} must not be negative");
      check(
          valClassNames.isEmpty() || valClasses == 0,
          "give either a number of held-out classes or their names, not both");
      check(valShots >= 1, "{valShots} must be at least 1");
      check(k >= 1, "{k} must be at least 1");
      check(workers >= 1, "workers must be at least 1");
      check(
          headLrFactor > 0 && headLrFactor <= 1000,
          "{headLrFactor} must be in (0, 1000], got " + headLrFactor);
      check(marginWarmupEpochs >= 0, "{marginWarmupEpochs} must not be negative");
      check(
          Float.isNaN(softmaxWarmupEpochs) || softmaxWarmupEpochs >= 0,
          "{softmaxWarmupEpochs} must not be negative");
      check(
          backboneLrFactor > 0 && backboneLrFactor <= 1000,
          "{backboneLrFactor} must be in (0, 1000], got " + backboneLrFactor);
      // Without {epochs} the data decides them (at least DEFAULT_EPOCHS): RunPlan checks the freeze
      // against what it resolves
      int epochsAtMost = epochsChosen ? epochs : MAX_DEFAULT_EPOCHS;
      check(
          freezeBackboneEpochs == null
              || (freezeBackboneEpochs >= 0 && freezeBackboneEpochs <= epochsAtMost),
          "{freezeBackboneEpochs} must be between 0 and "
              + (epochsChosen ? "{epochs} (" + epochs + ")" : epochsAtMost)
              + ", got "
              + freezeBackboneEpochs);
      // a pretrained colour backbone expects the statistics it was trained with
      Normalization normalization =
          this.normalization == null
                  && !(backbone instanceof BackboneRef.BuiltIn)
                  && inputShape.channels() == 3
              ? PRETRAINED_NORMALIZATION.forChannels(inputShape.channels())
              : this.normalization;
      check(
          normalization == null || normalization.mean().length == inputShape.channels(),
          "the input normalisation has "
              + (normalization == null ? 0 : normalization.mean().length)
              + " values per statistic but the input has "
              + inputShape.channels()
              + " channels: give {inputMean} and {inputStd} one value per channel, or set"
              + " {channels}");
      check(
          features != FeatureTap.STAGES || backbone instanceof BackboneRef.BuiltIn,
          "{features} stages needs a built-in backbone (it pools its stages); use embedding or"
              + " pooled with a TorchScript backbone");
      // off unless asked for: research/ablations.md
      boolean rotationLabels = Boolean.TRUE.equals(this.rotationLabels);
      check(
          !rotationLabels || head.classifies(),
          "rotation labels need a classifying loss (a margin head or softmax), not {loss} "
              + head.name());
      check(
          rotationHeadWeight >= 0 && rotationHeadWeight <= 100,
          "{rotationHeadWeight} must be in [0, 100], got " + rotationHeadWeight);
      check(
          rotationHeadWeight == 0 || !rotationLabels,
          "{rotationHeadWeight} and {rotationLabels} exclude each other: the rotation is either a"
              + " separate head or part of the class labels");
      check(
          rotationHeadWeight == 0 || inputShape.height() == inputShape.width(),
          "{rotationHeadWeight} needs square input images (turns of 90°), got "
              + inputShape.height()
              + " × "
              + inputShape.width());
      boolean stem = whitenStem != null ? whitenStem : whitenStemByDefault(backbone);
      check(
          !stem || backbone instanceof BackboneRef.BuiltIn,
          "{whitenStem} applies to a built-in backbone, not to a pretrained one");
      boolean dirac = diracInit != null ? diracInit : diracInitByDefault(backbone);
      check(
          !dirac || diracInitByDefault(backbone),
          "{diracInit} applies to the plain built-in network convnet-small, not to "
              + backbone.name());
      check(
          labelSmoothing >= 0 && labelSmoothing < 1,
          "{labelSmoothing} must be in [0, 1), got " + labelSmoothing);
      check(
          labelSmoothing == 0 || (head.classifies() && !(head instanceof LossConfig.Center)),
          "{labelSmoothing} applies to a classifying loss's cross-entropy (a margin head or"
              + " softmax), not to {loss} "
              + head.name());
      check(
          !keepBest || valClasses > 0 || !valClassNames.isEmpty(),
          "{keepBest} needs held-out classes to choose the epoch by: add {valClasses} N (e.g. 2)");
      check(valGalleryLimit >= 1, "the validation gallery limit must be at least 1");
      check(
          featureViews >= 0 && featureViews <= 64,
          "{featureViews} must be between 0 and 64, got " + featureViews);
      Optimisation optimisation =
          new Optimisation(
              epochsChosen ? epochs : null,
              batchSize,
              optimizer,
              learningRate,
              weightDecay,
              momentum,
              warmupEpochs,
              freezeBackboneEpochs,
              backboneLrFactor,
              headLrFactor,
              marginWarmupEpochs,
              Float.isNaN(softmaxWarmupEpochs) ? null : softmaxWarmupEpochs,
              stem,
              dirac);
      DataOptions data = new DataOptions(null, augmentation, seed, featureViews);
      Validation validation =
          new Validation(valFraction, valClasses, valClassNames, valShots, k, keepBest);
      Experimental experimental =
          new Experimental(
              rotationLabels,
              rotationClassTerm,
              rotationHeadWeight,
              labelSmoothing,
              shiftViews,
              lookahead,
              nesterov,
              normBiasFactor);
      return new TrainConfig(
          this,
          backbone,
          normalization,
          featureChoice,
          optimisation,
          data,
          validation,
          experimental);
    }

    private static void check(boolean ok, String message) {
      InvalidOptionException.require(ok, message);
    }
  }
}
