package org.arcmetric.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.options.InvalidOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Sets {@code train}'s options from a {@code --config} file and a {@code --preset}: each key to the
 * option it names ({@link #CONFIG_KEYS} and the model's own objects), checked for its type, unless
 * the command line gave that option (and a preset never overrides the config file). Used once per
 * command run; not thread-safe.
 */
final class ConfigApplier {
  private final CommandSpec spec;

  /** Options set by --config, which a --preset does not change. */
  private final Set<String> setByConfig = new HashSet<>();

  /** The loss object of --config, when it gives one and the command line does not. */
  private LossConfig configLoss;

  ConfigApplier(CommandSpec spec) {
    this.spec = spec;
  }

  /** The loss object the config file gave (as {@code loss: {name: ..., ...}}), or null. */
  LossConfig loss() {
    return configLoss;
  }

  /** The config file's keys that are options of their own, with the option each sets. */
  static final Map<String, String> CONFIG_KEYS =
      Map.ofEntries(
          Map.entry("data", "--data"),
          Map.entry("epochs", "--epochs"),
          Map.entry("batch_size", "--batch-size"),
          Map.entry("optimizer", "--optimizer"),
          Map.entry("learning_rate", "--lr"),
          Map.entry("weight_decay", "--weight-decay"),
          Map.entry("momentum", "--momentum"),
          Map.entry("warmup_epochs", "--warmup-epochs"),
          Map.entry("augmentation", "--augment"),
          Map.entry("val_fraction", "--val-fraction"),
          Map.entry("val_classes", "--val-classes"),
          Map.entry("val_shots", "--val-shots"),
          Map.entry("k", "--k"),
          Map.entry("seed", "--seed"),
          Map.entry("head_lr_factor", "--head-lr-factor"),
          Map.entry("margin_warmup_epochs", "--margin-warmup-epochs"),
          Map.entry("softmax_warmup_epochs", "--softmax-warmup-epochs"),
          Map.entry("rotation_labels", "--rotation-labels"),
          Map.entry("keep_best", "--keep-best"),
          Map.entry("rotation_class_term", "--rotation-class-term"),
          Map.entry("rotation_head_weight", "--rotation-head-weight"),
          Map.entry("label_smoothing", "--label-smoothing"),
          Map.entry("whiten_stem", "--whiten-stem"),
          Map.entry("dirac_init", "--dirac-init"),
          Map.entry("shift_views", "--shift-views"),
          Map.entry("small_shifts", "--small-shifts"),
          Map.entry("lookahead", "--lookahead"),
          Map.entry("nesterov", "--nesterov"),
          Map.entry("norm_bias_factor", "--norm-bias-factor"),
          Map.entry("freeze_backbone_epochs", "--freeze-backbone-epochs"),
          Map.entry("backbone_lr_factor", "--backbone-lr-factor"),
          Map.entry("zca_shrinkage", "--zca-shrinkage"),
          Map.entry("zca_between_weight", "--zca-between-weight"),
          Map.entry("embedding_dim", "--embedding-dim"),
          Map.entry("image_size", "--image-size"),
          Map.entry("channels", "--channels"),
          Map.entry("precision", "--precision"),
          Map.entry("feature_views", "--feature-views"));

  /**
   * Sets every option {@code --config} gives that the command line does not.
   *
   * @throws InvalidOptionException naming the file, the line and the key for an unknown key or a
   *     value of the wrong type
   */
  void apply(Path config, String preset, PrintWriter err) {
    if (config != null) {
      apply(ConfigFile.read(config));
      err.println("arcmetric: options from " + config + " (the command line's win)");
    }
    if (preset != null) {
      apply(ConfigFile.preset(preset));
      err.println("arcmetric: preset " + preset + " (--config and the command line win)");
    }
  }

  private void apply(ConfigFile file) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    for (ConfigFile.Entry e : file.entries()) {
      String key = e.key();
      JsonNode v = e.value();
      if (ConfigFile.RECORDED.contains(key) || v.isNull()) {
        continue;
      }
      switch (key) {
        case "backbone" -> {
          String name = v.asText();
          if (name.equals(BackboneRef.TORCHSCRIPT) || name.equals(BackboneRef.ONNX)) {
            String path = file.root().at("/backbone_file/path").asText("");
            if (path.isEmpty()) {
              throw new InvalidOptionException(
                  "{config}: "
                      + file.where(e)
                      + ": backbone "
                      + name
                      + " needs backbone_file.path (or write backbone: "
                      + name
                      + ":FILE)");
            }
            name = name + ":" + path;
          }
          set(file, e, "--backbone", TextNode.valueOf(name));
        }
        case "input" -> {
          int h = v.path("height").asInt(-1);
          int w = v.path("width").asInt(-1);
          if (h != w || h < 1 || !v.path("channels").canConvertToInt()) {
            throw new InvalidOptionException(
                "{config}: "
                    + file.where(e)
                    + ": input must be {channels: C, height: N, width: N} (square images)");
          }
          set(file, e, "--channels", v.path("channels"));
          set(file, e, "--image-size", v.path("height"));
        }
        case "normalization" -> {
          set(file, e, "--input-mean", v.path("mean"));
          set(file, e, "--input-std", v.path("std"));
        }
        case "compute" -> set(file, e, "--precision", v.path("precision"));
        case "cached_features" -> set(file, e, "--feature-views", v.path("views"));
        case "features" -> {
          // model.json's top-level features object is what training measured, not a choice
          if (v.isTextual()) {
            set(file, e, "--features", v);
          }
        }
        case "loss" -> {
          if (v.isTextual()) {
            set(file, e, "--loss", v);
          } else if (!parsed.hasMatchedOption("--loss") && !setByConfig.contains("--loss")) {
            try {
              configLoss = ModelFolder.JSON.treeToValue(v, LossConfig.class);
            } catch (JsonProcessingException ex) {
              throw new InvalidOptionException(
                  "{config}: "
                      + file.where(e)
                      + ": loss is not a loss (for example {name: arcface, scale: 30} or"
                      + " \"arcface:scale=30\"): "
                      + ex.getOriginalMessage(),
                  ex);
            }
          }
        }
        default -> {
          String option = CONFIG_KEYS.get(key);
          if (option == null) {
            throw new InvalidOptionException(
                "{config}: "
                    + file.where(e)
                    + ": unknown key '"
                    + key
                    + "'; the keys are model.json's: "
                    + String.join(", ", new TreeSet<>(CONFIG_KEYS.keySet()))
                    + ", backbone, input, normalization, loss, compute, cached_features");
          }
          set(file, e, option, v);
        }
      }
    }
  }

  /** Sets {@code option} from a config value unless the command line gave it. */
  private void set(ConfigFile file, ConfigFile.Entry e, String option, JsonNode v) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (v == null
        || v.isMissingNode()
        || v.isNull()
        || parsed.hasMatchedOption(option)
        || (file.preset() && setByConfig.contains(option))) {
      return;
    }
    if (!file.preset()) {
      setByConfig.add(option);
    }
    OptionSpec o = spec.findOption(option);
    Class<?> t = o.type();
    Object value;
    String want;
    if (t == int.class || t == Integer.class) {
      want = "a whole number";
      value = v.canConvertToExactIntegral() && v.canConvertToInt() ? v.intValue() : null;
    } else if (t == long.class || t == Long.class) {
      want = "a whole number";
      value = v.canConvertToExactIntegral() ? v.longValue() : null;
    } else if (t == float.class || t == Float.class) {
      want = "a number";
      value = v.isNumber() ? v.floatValue() : null;
    } else if (t == double.class || t == Double.class) {
      want = "a number";
      value = v.isNumber() ? v.doubleValue() : null;
    } else if (t == boolean.class || t == Boolean.class) {
      want = "true or false";
      value = v.isBoolean() ? v.booleanValue() : null;
    } else if (t == float[].class) {
      want = "a list of numbers";
      float[] f = null;
      if (v.isArray()) {
        f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
          if (!v.get(i).isNumber()) {
            f = null;
            break;
          }
          f[i] = v.get(i).floatValue();
        }
      }
      value = f;
    } else {
      want = "a text";
      value = v.isValueNode() ? v.asText() : null;
    }
    if (value == null) {
      throw new InvalidOptionException(
          "{config}: "
              + file.where(e)
              + ": "
              + e.key()
              + " must be "
              + want
              + ", not "
              + (v.isTextual() ? "\"" + v.asText() + "\"" : v.toString()));
    }
    o.setValue(value);
  }
}
