package org.arcmetric.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arcmetric.config.OptimizerKind;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.DataSpec;
import org.arcmetric.data.DecodedCache;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputInference;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.data.NormalizationPreset;
import org.arcmetric.features.FeatureChoice;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.loss.LossRegistry;
import org.arcmetric.loss.LossType;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.options.Numbers;
import org.arcmetric.train.DefaultRecipe;
import org.arcmetric.train.EmbeddingTrainer;
import org.arcmetric.train.TrainConfig;
import org.arcmetric.train.TrainResult;
import org.arcmetric.train.TrainingStoppedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric train}: trains an embedding model and writes a model folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    defaultValueProvider = TrainDefaults.class,
    description = "Train an embedding model with a margin-softmax head and write a model folder.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(
      names = "--data",
      paramLabel = "SPEC",
      description =
          "A folder in ImageFolder layout, or fashion-mnist[:DIR]:train|test (required, here or"
              + " in --config).")
  String data;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A JSON or YAML file of options with model.json's keys (epochs, learning_rate, loss,"
              + " ...; a model folder's model.json trains the same model again); options given"
              + " on the command line win. Tuning options without a flag here are set there too:"
              + " optimizer, weight_decay, warmup_epochs, momentum, backbone_lr_factor,"
              + " margin_warmup_epochs, features, val_fraction, val_shots, k, keep_best,"
              + " normalization: {mean: [M, ...], std: [S, ...]} (their flags still work; docs/cli.md"
              + " lists them).")
  Path config;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "A named bundle of options, chosen by measurement (docs/guide.md, \"Presets\"): fast"
              + " (the stride-2 network: about 3 times faster, as accurate on photos, worse on"
              + " thin shapes) or balanced (the defaults); --config and the command line win.")
  String preset;

  /** Sets the options that --config and --preset give (the command line's win). */
  private ConfigApplier configs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "The model folder to write (must not hold a model unless --resume).")
  Path out;

  @Option(
      names = "--backbone",
      paramLabel = "NAME|torchscript:FILE|onnx:FILE",
      description =
          "resnet-small, resnet-small-s2, convnet-small, resnet18, resnet50 or mobilenetv2 (random weights);"
              + " torchscript:FILE, a scripted module mapping (N, C, H, W) images to (N, F)"
              + " pooled features, such as a pretrained backbone written by scripts/; or"
              + " onnx:FILE, the same as ONNX, always frozen (load only files you trust; default:"
              + " convnet-small for colour and resnet-small for grey images up to 64 px,"
              + " resnet-small-s2 above).")
  String backbone;

  @Option(
      names = "--input-norm",
      paramLabel = "measured|imagenet|unit",
      description =
          "Input normalisation: measured on the training images, ImageNet's mean and std, or"
              + " x/255 unchanged (default: imagenet for a pretrained backbone, else measured).")
  String inputNorm;

  @Option(
      names = "--input-mean",
      hidden = true,
      split = ",",
      paramLabel = "M[,M,M]",
      description =
          "Per-channel mean of x/255 to subtract (with --input-std; overrides --input-norm).")
  float[] inputMean;

  @Option(
      names = "--input-std",
      hidden = true,
      split = ",",
      paramLabel = "S[,S,S]",
      description = "Per-channel standard deviation to divide by (with --input-mean).")
  float[] inputStd;

  @Option(
      names = "--freeze-backbone-epochs",
      paramLabel = "N",
      description =
          "Train only the projection and head for the first N epochs (backbone frozen, its"
              + " BatchNorm statistics fixed; a pretrained backbone's features are then computed"
              + " once and cached), then fine-tune everything (default: every epoch for a"
              + " pretrained backbone, none for a built-in one).")
  Integer freezeBackboneEpochs;

  @Option(
      names = "--backbone-lr-factor",
      hidden = true,
      paramLabel = "F",
      description =
          "The backbone's learning rate as F times --lr, e.g. 0.1 for a pretrained backbone"
              + " (default: ${DEFAULT-VALUE}).")
  float backboneLrFactor;

  @Option(
      names = "--loss",
      description =
          "arcface, cosface, sphereface, adacos, subcenter-arcface, combined, normface,"
              + " softmax, center, contrastive, triplet, multi-similarity or supcon, optionally"
              + " with its own options: arcface:scale=30,margin=0.5 or"
              + " combined:m1=1,m2=0.3,m3=0.2; train --help-losses lists each loss's options"
              + " (default: ${DEFAULT-VALUE}; docs/guide.md says why).")
  String loss;

  @Option(names = "--embedding-dim", description = "Embedding size d (default: ${DEFAULT-VALUE}).")
  int embeddingDim;

  @Option(
      names = "--scale",
      hidden = true,
      description = "Logit scale s of the margin heads (default 30).")
  Float scale;

  @Option(
      names = "--margin",
      hidden = true,
      description =
          "Margin m: radians for arcface (default 0.5), cosine for cosface (0.35), integer for"
              + " sphereface (4).")
  Float margin;

  @Option(
      names = "--easy-margin",
      hidden = true,
      description = "ArcFace: apply the margin only where cos θ > 0.")
  boolean easyMargin;

  @Option(
      names = "--sub-centers",
      hidden = true,
      paramLabel = "K",
      description = "subcenter-arcface: centres per class (default 3).")
  Integer subCentres;

  @Option(
      names = "--center-lambda",
      hidden = true,
      paramLabel = "λ",
      description = "center: weight of the centre term (default 0.01).")
  Float centerLambda;

  @Option(
      names = "--center-alpha",
      hidden = true,
      paramLabel = "α",
      description = "center: update rate of the class centres (default 0.5).")
  Float centerAlpha;

  @Option(
      names = "--distance",
      hidden = true,
      paramLabel = "cosine|euclidean",
      description = "contrastive, triplet: distance between embeddings (default cosine).")
  String distance;

  @Option(
      names = "--mining",
      hidden = true,
      paramLabel = "batch-hard|semi-hard",
      description = "triplet: how triplets are chosen in a batch (default batch-hard).")
  String mining;

  @Option(
      names = "--temperature",
      hidden = true,
      paramLabel = "T",
      description = "supcon: the temperature τ of its softmax over the batch (default 0.1).")
  Float temperature;

  @Option(
      names = "--images-per-class",
      hidden = true,
      paramLabel = "K",
      description =
          "contrastive, triplet, multi-similarity, supcon: K images of each class per batch, P = batch"
              + " size / K classes (default 4).")
  Integer imagesPerClass;

  @Option(
      names = "--adacos-dynamic",
      hidden = true,
      description = "adacos: update s every batch (default: fixed s).")
  boolean adacosDynamic;

  @Option(
      names = "--image-size",
      paramLabel = "N",
      description = "Square input size in pixels (default: 28 for Fashion-MNIST, 64 for folders).")
  Integer imageSize;

  @Option(
      names = "--channels",
      paramLabel = "1|3",
      description = "1 for grey, 3 for RGB (default: 1 for Fashion-MNIST, 3 for folders).")
  Integer channels;

  @Option(
      names = "--epochs",
      description =
          "Default: 10, or more on a small data set so that training makes at least 1,250 steps"
              + " (at most 100 epochs; e.g. 20 for 4,050 images at batch 64).")
  Integer epochs;

  @Option(names = "--batch-size", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--lr",
      description =
          "Peak learning rate (default: "
              + DefaultRecipe.SGD_LEARNING_RATE
              + " with sgd, "
              + DefaultRecipe.ADAM_LEARNING_RATE
              + " with adam and adamw).")
  Float lr;

  @Option(
      names = "--optimizer",
      hidden = true,
      description = "adam, adamw or sgd (default: " + DefaultRecipe.RULE + ").")
  String optimizer;

  @Option(names = "--weight-decay", hidden = true, description = "Default: ${DEFAULT-VALUE}.")
  float weightDecay;

  @Option(
      names = "--momentum",
      hidden = true,
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  float momentum;

  @Option(
      names = "--warmup-epochs",
      hidden = true,
      description = "Linear learning-rate warm-up, then cosine decay (default: ${DEFAULT-VALUE}).")
  float warmupEpochs;

  @Option(
      names = "--decoded-cache",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "Decode a folder's photos once into a cache file ($ARCMETRIC_CACHE/decoded,"
              + " else ~/.cache/arcmetric/decoded) instead of the heap (default: true).")
  boolean decodedCache = true;

  @Option(
      names = "--feature-views",
      hidden = true,
      paramLabel = "N",
      description =
          "Views per training image whose frozen-backbone features are computed once: the image"
              + " and N-1 augmented copies (default: ${DEFAULT-VALUE}).")
  int featureViews;

  @Option(
      names = "--head-lr-factor",
      hidden = true,
      paramLabel = "F",
      description =
          "The head's learning rate as F times the backbone's (default: ${DEFAULT-VALUE}).")
  float headLrFactor;

  @Option(
      names = "--margin-warmup-epochs",
      hidden = true,
      paramLabel = "N",
      description =
          "Ramp the margin from 0 to --margin over N epochs (default: "
              + DefaultRecipe.MARGIN_WARMUP_EPOCHS
              + " for convnet-small with sgd, else 0).")
  Float marginWarmupEpochs;

  @Option(
      names = "--softmax-warmup-epochs",
      hidden = true,
      paramLabel = "N",
      description =
          "Train a margin head as plain softmax (no normalisation, no margin) for the first N"
              + " epochs, then with its cosine logits and margin (the softmax warm start; default:"
              + " a share of "
              + TrainConfig.DEFAULT_SOFTMAX_WARMUP_SHARE
              + " of the epochs, rounded down, for a margin loss, else 0).")
  Float softmaxWarmupEpochs;

  @Option(names = "--classes", paramLabel = "A,B,...", description = "Train only on these classes.")
  String classes;

  @Option(
      names = "--val-fraction",
      hidden = true,
      description = "Stratified validation split of each class (default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(
      names = "--val-classes",
      paramLabel = "N",
      description =
          "Keep N classes out of training and report their accuracy when enrolled"
              + " with --val-shots images each, after every epoch (default: ${DEFAULT-VALUE}).")
  int valClasses;

  @Option(names = "--val-shots", hidden = true, description = "Default: ${DEFAULT-VALUE}.")
  int valShots;

  @Option(
      names = "--k",
      hidden = true,
      description = "Neighbours voting in validation (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--augment",
      description =
          "none, light (random shifts), standard (shifts, left-right flips, brightness and"
              + " contrast) or flip-shift (left-right flips and shifts of up to 1/16 of the side, the"
              + " border reflected); with flips the model embeds each image averaged with its"
              + " mirror image (default: "
              + DefaultRecipe.FLIP_SHIFT_RULE
              + ", else "
              + Augmentation.DEFAULT_RULE
              + ").")
  String augment;

  @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--skip-bad-images", description = Flags.SKIP_BAD_IMAGES_HELP)
  boolean skipBadImages;

  /** Research options: hidden from --help, set as -X KEY=VALUE, warned about when used. */
  static final List<String> EXPERIMENTAL =
      List.of(
          "zca-shrinkage",
          "zca-between-weight",
          "rotation-labels",
          "rotation-class-term",
          "rotation-head-weight",
          "head-lr-factor",
          "feature-views",
          "decoded-cache",
          "softmax-warmup-epochs",
          "label-smoothing",
          "whiten-stem",
          "dirac-init",
          "shift-views",
          "small-shifts",
          "lookahead",
          "nesterov",
          "norm-bias-factor");

  @Option(
      names = "-X",
      paramLabel = "KEY=VALUE",
      description =
          "An experimental (research) option, e.g. -X zca-shrinkage=0.05; train"
              + " --help-experimental lists them. Warned about when used, recorded in model.json.")
  Map<String, String> experimental;

  @Option(
      names = "--help-losses",
      help = true,
      description = "List the losses with their own options and defaults (for --loss), and exit.")
  boolean helpLosses;

  @Option(
      names = "--help-experimental",
      help = true,
      description = "List the experimental options that -X sets, and exit.")
  boolean helpExperimental;

  @Option(
      names = "--features",
      hidden = true,
      paramLabel = "TAP[+cl2n|+zca]",
      description =
          "What the model outputs once the head is dropped: embedding (the head's input), pooled"
              + " (the backbone's pooled output) or stages (its last three stages, pooled and"
              + " concatenated); +cl2n centres it on the training images' mean"
              + " and L2-normalises; +zca centres, then whitens it by the training images'"
              + " covariance (shrunk) and L2-normalises (default: embedding+zca; the plain"
              + " embedding when --embedding-dim is over 512).")
  String features;

  @Option(
      names = "--zca-shrinkage",
      hidden = true,
      paramLabel = "A",
      description =
          "With whitened features (+zca): the shrinkage ε added to the covariance before"
              + " whitening, as a fraction of its mean eigenvalue (default 0.01, chosen on the"
              + " shapes' selection classes; larger whitens less, toward plain centring).")
  Double zcaShrinkage;

  @Option(
      names = "--zca-between-weight",
      hidden = true,
      paramLabel = "B",
      description =
          "With whitened features (+zca): whiten by the within-class covariance plus B times the"
              + " scatter of the class means (default 0.3, chosen on held-out classes of two kinds"
              + " of data; 1: the whole covariance, plain ZCA; less keeps more of the training"
              + " classes' separation).")
  Double zcaBetweenWeight;

  @Option(
      names = "--rotation-labels",
      hidden = true,
      negatable = true,
      description =
          "Self-supervised label augmentation: turn each training image by 0, 90, 180 or 270"
              + " degrees and learn (class, turn) pairs, so features keep more than the training"
              + " classes need (square images; classifying losses).")
  Boolean rotationLabels;

  @Option(
      names = "--rotation-class-term",
      hidden = true,
      negatable = true,
      fallbackValue = "true",
      description =
          "With rotation labels, also learn the class alone (cross-entropy of the class marginal"
              + " of the (class, turn) logits), so the trained classes are not traded for the turns"
              + " (default: on).")
  boolean rotationClassTerm;

  @Option(
      names = "--rotation-head-weight",
      hidden = true,
      paramLabel = "LAMBDA",
      description =
          "Self-supervised rotation task beside the class: turn each training image by 0, 90, 180"
              + " or 270 degrees and let a separate 4-way head on the embedding learn the turn, its"
              + " loss weighted by LAMBDA; the class head keeps its classes (square images; not"
              + " with --rotation-labels; default: ${DEFAULT-VALUE}, none).")
  float rotationHeadWeight;

  @Option(
      names = "--label-smoothing",
      hidden = true,
      paramLabel = "EPSILON",
      description =
          "Label smoothing of the class head's cross-entropy: the target puts 1 - EPSILON on the"
              + " class and EPSILON / C on each of the C classes (classifying losses; default:"
              + " ${DEFAULT-VALUE}, none).")
  float labelSmoothing;

  @Option(
      names = "--whiten-stem",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "Start the first convolution of a built-in network as a patch-whitening layer of the"
              + " training images (airbench's whitening initialisation; default: on for"
              + " convnet-small, off for the other networks).")
  Boolean whitenStem;

  @Option(
      names = "--dirac-init",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "Start each convolution of convnet-small after the first as the identity on its input"
              + " channels (airbench's identity initialisation; default: on for convnet-small,"
              + " refused for the other networks).")
  Boolean diracInit;

  @Option(
      names = "--shift-views",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "Embed each image averaged with its copies moved left, right, up and down (test-time"
              + " augmentation; 5 times the embedding cost; default: ${DEFAULT-VALUE}).")
  boolean shiftViews;

  @Option(
      names = "--nesterov",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "With --optimizer sgd: Nesterov's momentum, the gradient taken as if one momentum step"
              + " ahead (airbench's optimiser; default: "
              + DefaultRecipe.ON_RULE
              + ").")
  Boolean nesterov;

  @Option(
      names = "--norm-bias-factor",
      hidden = true,
      paramLabel = "FACTOR",
      description =
          "With -X nesterov=true: airbench's BatchNorm rule, the built-in network's BatchNorm shifts"
              + " trained at FACTOR times the learning rate (their weight decay divided by it) and"
              + " its BatchNorm scales fixed at 1 (airbench: 64; default: ${DEFAULT-VALUE}, off).")
  float normBiasFactor;

  @Option(
      names = "--lookahead",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "Every 5 steps pull the weights to their running average, an average over more of the"
              + " last steps as the run ends, and ship the average (airbench's Lookahead; default:"
              + " "
              + DefaultRecipe.ON_RULE
              + ").")
  Boolean lookahead;

  @Option(
      names = "--small-shifts",
      hidden = true,
      arity = "1",
      paramLabel = "true|false",
      description =
          "true: the same as --augment flip-shift (kept for earlier scripts and configurations;"
              + " default: false).")
  boolean smallShifts;

  @Option(
      names = "--keep-best",
      hidden = true,
      description =
          "Ship the epoch whose nearest-centroid accuracy on the --val-classes held-out classes"
              + " (enrolled with --val-shots images) was highest, not the last epoch.")
  boolean keepBest;

  @Option(
      names = "--resume",
      description = "Continue the interrupted run in --out from its last checkpoint.")
  boolean resume;

  /** The augmentation preset asked for, or null for the core's default. */
  private Augmentation augmentation() {
    Augmentation chosen = augment == null ? null : Augmentation.parse(augment);
    if (!smallShifts) {
      return chosen;
    }
    if (chosen != null && chosen != Augmentation.STANDARD && chosen != Augmentation.FLIP_SHIFT) {
      throw new InvalidOptionException(
          "-X small-shifts=true is --augment flip-shift (standard with small shifts): leave"
              + " --augment out or give flip-shift or standard, not "
              + chosen.cliName());
    }
    return Augmentation.FLIP_SHIFT;
  }

  /** The fixed input normalisation asked for, or null to measure it. */
  private Normalization normalization(int channels) {
    if (inputMean != null || inputStd != null) {
      if (inputMean == null || inputStd == null) {
        throw new InvalidOptionException(
            "{inputMean} and {inputStd} go together: give both, one value or one per channel");
      }
      return NormalizationPreset.explicit(inputMean, inputStd, channels);
    }
    // none given: the core's default (measured, or ImageNet's for a pretrained backbone)
    return inputNorm == null ? null : NormalizationPreset.parse(inputNorm).forChannels(channels);
  }

  /** Each loss with its own options and their defaults, from the core's registry. */
  private static void printLosses(PrintWriter out) {
    out.println(
        "Losses for --loss NAME[:KEY=VALUE,...] (e.g. --loss arcface:scale=16,margin=0.3); each"
            + " option's default:");
    for (LossType t : LossRegistry.ALL) {
      StringBuilder line = new StringBuilder("  ").append(t.name());
      if (t.defaults().isEmpty()) {
        line.append(" (no options)");
      } else {
        String sep = ": ";
        for (Map.Entry<String, Object> e : t.defaults().entrySet()) {
          String v = String.valueOf(e.getValue());
          if (e.getValue() instanceof Float f) {
            v = Numbers.plain(f);
          }
          line.append(sep).append(Flags.kebab(e.getKey())).append('=').append(v);
          sep = ", ";
        }
      }
      out.println(line);
    }
  }

  /** The experimental options with their descriptions: what --help-experimental prints. */
  private void printExperimental(PrintWriter out) {
    out.println(
        "Experimental options of train (research knobs, research/ablations.md): give them as"
            + " -X KEY=VALUE.");
    for (String key : EXPERIMENTAL) {
      OptionSpec o = spec.findOption("--" + key);
      boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
      out.printf(
          "  -X %s=%s%n",
          key, flag ? "true|false" : o.paramLabel().startsWith("<") ? "VALUE" : o.paramLabel());
      for (String line : o.description()) {
        out.println("      " + line.replace("${DEFAULT-VALUE}", o.defaultValueString()));
      }
    }
  }

  /**
   * Sets each {@code -X KEY=VALUE} on its hidden option, and warns about every experimental option
   * used (given as -X or as its old flag).
   *
   * @throws InvalidOptionException naming an unknown key or a value of the wrong type
   */
  private void applyExperimental(PrintWriter err) {
    Map<String, String> given = experimental == null ? Map.of() : experimental;
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey().trim();
      if (!EXPERIMENTAL.contains(key)) {
        throw new InvalidOptionException(
            "-X "
                + key
                + ": not an experimental option; they are "
                + String.join(", ", EXPERIMENTAL)
                + " ('arcmetric train --help-experimental')");
      }
      OptionSpec o = spec.findOption("--" + key);
      String v = e.getValue().trim();
      try {
        Class<?> t = o.type();
        Object value;
        if (t == boolean.class || t == Boolean.class) {
          if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new NumberFormatException(v);
          }
          value = Boolean.parseBoolean(v);
        } else if (t == int.class || t == Integer.class) {
          value = Integer.parseInt(v);
        } else if (t == float.class || t == Float.class) {
          value = Float.parseFloat(v);
        } else if (t == double.class || t == Double.class) {
          value = Double.parseDouble(v);
        } else {
          value = v;
        }
        o.setValue(value);
      } catch (NumberFormatException ex) {
        throw new InvalidOptionException(
            "-X " + key + "=" + v + ": the value must be a " + o.type().getSimpleName(), ex);
      }
    }
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    for (String key : EXPERIMENTAL) {
      boolean viaFlag = parsed != null && parsed.hasMatchedOption("--" + key);
      if (viaFlag || given.containsKey(key)) {
        // Some knobs move a default (whiten-stem is on for convnet-small): the warning says that
        // the setting given is outside what was measured, not that the knob's default is
        err.println(
            "warning: experimental option "
                + key
                + " set (a research knob: the defaults were chosen by measurement, a value given"
                + " here may not have been; recorded in model.json)");
      }
    }
  }

  private LossConfig headConfig() {
    LossConfig configLoss = configs == null ? null : configs.loss();
    if (configLoss != null
        && scale == null
        && margin == null
        && subCentres == null
        && centerLambda == null
        && centerAlpha == null
        && distance == null
        && mining == null
        && imagesPerClass == null
        && temperature == null
        && !easyMargin
        && !adacosDynamic) {
      return configLoss;
    }
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("scale", scale);
    given.put("margin", margin);
    given.put("easyMargin", easyMargin);
    given.put("subCentres", subCentres);
    given.put("adacosDynamic", adacosDynamic);
    given.put("centerLambda", centerLambda);
    given.put("centerAlpha", centerAlpha);
    given.put("distance", distance);
    given.put("mining", mining);
    given.put("imagesPerClass", imagesPerClass);
    given.put("temperature", temperature);
    return LossConfig.parse(loss, given);
  }

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    if (helpExperimental) {
      printExperimental(spec.commandLine().getOut());
      return Main.OK;
    }
    if (helpLosses) {
      printLosses(spec.commandLine().getOut());
      return Main.OK;
    }
    configs = new ConfigApplier(spec);
    configs.apply(config, preset, err);
    if (data == null) {
      throw new InvalidOptionException(
          "{data} is required: give --data SPEC (or data in --config)");
    }
    applyExperimental(err);
    var outWriter = spec.commandLine().getOut();
    DataSpec ds = DataSpec.parse(data, null);
    boolean mnist = ds instanceof DataSpec.FashionMnistSpec;
    BackboneRef backboneRef = backbone == null ? null : BackboneRef.parse(backbone);
    boolean pretrained = backboneRef != null && !(backboneRef instanceof BackboneRef.BuiltIn);
    int size = imageSize != null ? imageSize : mnist ? 28 : 64;
    int ch = channels != null ? channels : mnist ? 1 : 3;
    DataSpec whole = ds instanceof DataSpec.Part p ? p.whole() : ds;
    if (pretrained) {
      // a pretrained network sees images at the resolution it was trained at, in colour
      size =
          imageSize != null
              ? imageSize
              : backboneRef instanceof BackboneRef.External ext && ext.inputSide().isPresent()
                  ? ext.inputSide().getAsInt()
                  : TrainConfig.PRETRAINED_SIDE;
      ch = channels != null ? channels : 3;
      if (imageSize == null || inputNorm == null || freezeBackboneEpochs == null) {
        err.printf(
            "arcmetric: pretrained backbone: %s%s%s%n",
            imageSize == null ? size + " px (--image-size)" : "",
            inputNorm == null && inputMean == null && ch == 3
                ? (imageSize == null ? ", " : "")
                    + TrainConfig.PRETRAINED_NORMALIZATION.cliName()
                    + " normalisation (--input-norm)"
                : "",
            freezeBackboneEpochs == null
                ? ", frozen for every epoch, its features computed once"
                    + " (--freeze-backbone-epochs N fine-tunes after N)"
                : "");
      }
    } else if ((imageSize == null || channels == null) && whole instanceof DataSpec.Folder f) {
      // an ImageFolder: choose what was not given from the images' headers, and say so
      InputInference inferred = InputInference.of(f.root());
      if (inferred != null) {
        size = imageSize != null ? imageSize : inferred.side();
        ch = channels != null ? channels : inferred.channels();
        err.println("arcmetric: " + inferred.describe(channels, imageSize));
      }
    }
    InputShape shape = InputShape.square(ch, size);
    TrainConfig.Builder builder =
        TrainConfig.builder()
            .setInputShape(shape)
            .optNormalization(normalization(shape.channels()))
            .optBackboneLrFactor(backboneLrFactor)
            .optEmbeddingDim(embeddingDim)
            .optLoss(headConfig())
            .optBatchSize(batchSize)
            .optOptimizer(optimizer == null ? null : OptimizerKind.parse(optimizer))
            .optWeightDecay(weightDecay)
            .optMomentum(momentum)
            .optWarmupEpochs(warmupEpochs)
            .optAugmentation(augmentation())
            .optValFraction(valFraction)
            .optValClasses(valClasses)
            .optValShots(valShots)
            .optK(k)
            .optSeed(seed)
            .optHeadLrFactor(headLrFactor)
            .optFeatureViews(featureViews)
            .optSoftmaxWarmupEpochs(softmaxWarmupEpochs == null ? Float.NaN : softmaxWarmupEpochs)
            .optKeepBest(keepBest)
            .optRotationClassTerm(rotationClassTerm)
            .optRotationHeadWeight(rotationHeadWeight)
            .optLabelSmoothing(labelSmoothing)
            .optShiftViews(shiftViews)
            .optNormBiasFactor(normBiasFactor);
    if (lr != null) {
      builder.optLearningRate(lr);
    }
    if (marginWarmupEpochs != null) {
      builder.optMarginWarmupEpochs(marginWarmupEpochs);
    }
    if (lookahead != null) {
      builder.optLookahead(lookahead);
    }
    if (nesterov != null) {
      builder.optNesterov(nesterov);
    }
    if (whitenStem != null) {
      builder.optWhitenStem(whitenStem);
    }
    if (diracInit != null) {
      builder.optDiracInit(diracInit);
    }
    if (backboneRef != null) {
      builder.optBackbone(backboneRef);
    }
    if (freezeBackboneEpochs != null) {
      builder.optFreezeBackboneEpochs(freezeBackboneEpochs);
    }
    if (rotationLabels != null) {
      builder.optRotationLabels(rotationLabels);
    }
    if (features != null) {
      builder.optFeatures(FeatureChoice.parse(features));
    }
    if (epochs != null) {
      builder.optEpochs(epochs);
    }
    if (zcaShrinkage != null) {
      builder.optZcaShrinkage(zcaShrinkage);
    }
    if (zcaBetweenWeight != null) {
      builder.optZcaBetweenWeight(zcaBetweenWeight);
    }
    TrainConfig config;
    try {
      config = builder.build();
    } catch (InvalidOptionException e) {
      throw withTrainFlags(e);
    }
    EmbeddingTrainer.requireUsableOut(out, resume); // before the images, which can take minutes
    List<String> only = Inputs.classList(classes);
    ImageSet images =
        Inputs.load(
            ds, shape, skipBadImages, only, err, decodedCache ? DecodedCache.defaultDir() : null);
    TrainResult result;
    try (StopOnSignal signals = new StopOnSignal(err, "training")) {
      try {
        result =
            new EmbeddingTrainer(
                    config,
                    Terminal.stderr(),
                    Terminal.isTerminal(),
                    Flags::trainFlag,
                    signals.request())
                .train(images, ds.describe(), out, resume);
      } catch (TrainingStoppedException e) {
        // printed before close() lets the signal's hook end the JVM, which may be at once
        err.println("arcmetric: " + e.getMessage());
        err.flush();
        return Main.FAILURE;
      }
    } catch (InvalidOptionException e) {
      throw withTrainFlags(e);
    }
    outWriter.println("model written to " + result.modelDir());
    // the shipped epoch's measurements, with the same keys as train-log.jsonl
    outWriter.println(
        "final metrics: "
            + ModelFolder.JSON
                .writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result.info().metrics()));
    return Main.OK;
  }

  /**
   * {@code e} with the core's field names rendered as {@code train} takes them: a research knob as
   * {@code -X KEY}, since that is how it is set ({@link Flags#trainFlag}). A subclass is returned
   * as it is.
   */
  private static InvalidOptionException withTrainFlags(InvalidOptionException e) {
    // a subclass (a data error) keeps its type, which decides the exit code
    return e.getClass() == InvalidOptionException.class
        ? new InvalidOptionException(e.render(Flags::trainFlag), e)
        : e;
  }
}
