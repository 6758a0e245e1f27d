package org.arcmetric.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Reads a version-1 {@code model.json} as version 2: its flat {@code training} object becomes the
 * composed {@link TrainingRecord} (optimisation, data, validation, features, experimental, run).
 * What version 1 left out because it was the default then is filled with that default (no frozen
 * epochs, factors of 1, no softmax warm start, no margin ramp, no rotation task). The model's own
 * fields are the same in both versions. Stateless.
 */
final class ModelJsonV1 {
  private ModelJsonV1() {}

  private static final List<String> OPTIMISATION =
      List.of(
          "epochs",
          "batch_size",
          "optimizer",
          "learning_rate",
          "weight_decay",
          "momentum",
          "warmup_epochs",
          "freeze_backbone_epochs",
          "backbone_lr_factor",
          "head_lr_factor",
          "margin_warmup_epochs",
          "softmax_warmup_epochs");
  private static final List<String> VALIDATION =
      List.of("val_fraction", "val_classes", "val_shots", "k", "keep_best");

  /**
   * {@code root} (a version-1 file's tree) with its training object in version 2's shape; a tree
   * already in that shape is returned as it is.
   */
  static ObjectNode upgrade(ObjectNode root) {
    JsonNode t = root.get("training");
    if (t == null
        || !t.isObject()
        || t.path("run").isObject()
        || t.path("optimisation").isObject()) {
      return root; // no training object, or already in version 2's shape
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode optimisation = copy(t, OPTIMISATION);
    optimisation.putIfAbsent("momentum", f.numberNode(0.9f)); // written for SGD only
    optimisation.putIfAbsent("freeze_backbone_epochs", f.numberNode(0));
    optimisation.putIfAbsent("backbone_lr_factor", f.numberNode(1f));
    optimisation.putIfAbsent("head_lr_factor", f.numberNode(1f));
    optimisation.putIfAbsent("margin_warmup_epochs", f.numberNode(0f));
    optimisation.putIfAbsent("softmax_warmup_epochs", f.numberNode(0f));
    ObjectNode data = f.objectNode();
    if (t.has("data")) {
      data.set("source", t.get("data"));
    }
    if (t.has("augmentation")) {
      data.set("augmentation", t.get("augmentation"));
    }
    if (t.has("seed")) {
      data.set("seed", t.get("seed"));
    }
    data.put("feature_views", t.path("cached_features").path("views").asInt(0));
    ObjectNode validation = copy(t, VALIDATION);
    ObjectNode upgraded = f.objectNode();
    upgraded.set("optimisation", optimisation);
    upgraded.set("data", data);
    upgraded.set("validation", validation);
    if (t.hasNonNull("features")) {
      ObjectNode features = f.objectNode();
      features.set("features", t.get("features"));
      for (String k : List.of("zca_shrinkage", "zca_between_weight")) {
        if (t.hasNonNull(k)) {
          features.set(k, t.get(k));
        }
      }
      upgraded.set("features", features);
    }
    if (t.path("rotation_labels").asBoolean(false)
        || t.path("rotation_head_weight").asDouble(0) > 0) {
      ObjectNode experimental = f.objectNode();
      experimental.put("rotation_labels", t.path("rotation_labels").asBoolean(false));
      experimental.put("rotation_class_term", t.path("rotation_class_term").asBoolean(true));
      experimental.put("rotation_head_weight", t.path("rotation_head_weight").floatValue());
      upgraded.set("experimental", experimental);
    }
    upgraded.set("run", copy(t, TrainingRun.KEYS));
    root.set("training", upgraded);
    return root;
  }

  private static ObjectNode copy(JsonNode from, List<String> keys) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String k : keys) {
      if (from.has(k) && !from.get(k).isNull()) {
        o.set(k, from.get(k));
      }
    }
    return o;
  }
}
