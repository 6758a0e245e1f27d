package org.arcmetric.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.arcmetric.model.TrainingRun;
import org.arcmetric.options.InvalidOptionException;

/**
 * {@code train --config FILE}: a JSON or YAML file (by its extension: {@code .yaml}, {@code .yml})
 * with the keys of {@code model.json}: the model's ({@code backbone}, {@code embedding_dim}, {@code
 * input}, {@code normalization}, {@code loss}, {@code compute}) at the top, the run's ({@code
 * epochs}, {@code learning_rate}, {@code seed}, ...) at the top or in a {@code training} object, as
 * {@code model.json} writes them; so a model folder's {@code model.json} is itself a config that
 * trains the same model again. What {@code model.json} records but no one chooses (the classes, the
 * metrics, the fingerprint, the epochs completed, ...) is ignored. Each entry keeps its line for
 * messages. Immutable.
 */
final class ConfigFile {
  /** One setting: its key as written, its value, and the line it is on. */
  record Entry(String key, JsonNode value, int line) {}

  /**
   * The records of model.json's {@code training} (format version 2), whose keys are read as if
   * written at the top; {@code training.data.source} is the {@code data} key.
   */
  static final Set<String> GROUPS =
      Set.of("optimisation", "data", "validation", "features", "experimental");

  /** Keys that model.json records as facts of a run, not as choices: read and ignored. */
  static final Set<String> RECORDED = recorded();

  private static Set<String> recorded() {
    Set<String> keys =
        new HashSet<>(
            List.of(
                "format_version",
                "classes",
                "metrics",
                "fingerprint",
                "contract",
                "backbone_file"));
    // version 1 wrote the run's facts flat among the options; cached_features has its own case
    keys.addAll(TrainingRun.KEYS);
    keys.remove("cached_features");
    return Set.copyOf(keys);
  }

  private final Path file;
  private final List<Entry> entries;
  private final JsonNode root;
  private final boolean preset;

  private ConfigFile(Path file, List<Entry> entries, JsonNode root, boolean preset) {
    this.file = file;
    this.entries = entries;
    this.root = root;
    this.preset = preset;
  }

  /** Whether this is a shipped preset (whose values a --config file overrides). */
  boolean preset() {
    return preset;
  }

  Path file() {
    return file;
  }

  List<Entry> entries() {
    return entries;
  }

  /** The whole document (for values that span keys, such as {@code backbone_file.path}). */
  JsonNode root() {
    return root;
  }

  /**
   * Reads {@code file}.
   *
   * @throws InvalidOptionException naming the file (and line) if it is missing, not JSON or YAML,
   *     or not an object of keys
   */
  static ConfigFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidOptionException(
          "{config}: " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidOptionException(
          "{config}: " + file + " cannot be read: " + e.getMessage(), e);
    }
    return parse(file, bytes, yaml, false);
  }

  /** The settings in {@code bytes}, read from {@code file} (named in messages). */
  private static ConfigFile parse(Path file, byte[] bytes, boolean yaml, boolean preset) {
    ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
      try (JsonParser p = mapper.getFactory().createParser(bytes)) {
        List<String> path = new ArrayList<>();
        String pending = null;
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
          if (t == JsonToken.FIELD_NAME) {
            pending = p.currentName();
            JsonLocation at = p.currentTokenLocation();
            // the root object is path [""]: its keys are "/key", a training key "training/key"
            String prefix = String.join(".", path.subList(Math.min(1, path.size()), path.size()));
            lines.put(prefix + "/" + pending, at.getLineNr());
          } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            path.add(pending == null ? "" : pending);
            pending = null;
          } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            path.remove(path.size() - 1);
          } else {
            pending = null;
          }
        }
      }
    } catch (IOException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().strip().split("\n")[0];
      throw new InvalidOptionException(
          "{config}: " + file + " is not valid " + (yaml ? "YAML" : "JSON") + ": " + why, e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidOptionException(
          "{config}: "
              + file
              + " must hold an object of keys (such as epochs: 20), not "
              + kind(root));
    }
    List<Entry> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int line = lines.getOrDefault("/" + e.getKey(), 0);
      if (e.getKey().equals("training")) {
        if (!e.getValue().isObject()) {
          throw new InvalidOptionException(
              "{config}: " + file + " line " + line + ": training must be an object of keys");
        }
        for (Iterator<Map.Entry<String, JsonNode>> t = e.getValue().fields(); t.hasNext(); ) {
          Map.Entry<String, JsonNode> te = t.next();
          String key = te.getKey();
          JsonNode value = te.getValue();
          if (GROUPS.contains(key) && value.isObject()) {
            // model.json version 2: the recipe's records, each an object of the same keys
            for (Iterator<Map.Entry<String, JsonNode>> g = value.fields(); g.hasNext(); ) {
              Map.Entry<String, JsonNode> ge = g.next();
              String inner =
                  key.equals("data") && ge.getKey().equals("source") ? "data" : ge.getKey();
              out.add(
                  new Entry(
                      inner,
                      ge.getValue(),
                      lines.getOrDefault("training." + key + "/" + ge.getKey(), 0)));
            }
          } else if (key.equals("run") && value.isObject()) {
            // what happened, not a choice
            continue;
          } else {
            out.add(new Entry(key, value, lines.getOrDefault("training/" + key, 0)));
          }
        }
      } else {
        out.add(new Entry(e.getKey(), e.getValue(), line));
      }
    }
    return new ConfigFile(file, List.copyOf(out), root, preset);
  }

  /** The presets shipped with the CLI ({@code presets/NAME.yaml} on the class path), by name. */
  static final List<String> PRESETS = List.of("fast", "balanced");

  /**
   * The preset called {@code name}: a YAML file of the same keys shipped in the CLI's jar.
   *
   * @throws InvalidOptionException naming {@code preset} and the presets there are, for another
   *     name
   */
  static ConfigFile preset(String name) {
    if (!PRESETS.contains(name)) {
      throw new InvalidOptionException(
          "{preset}: unknown preset '" + name + "'; the presets are " + String.join(", ", PRESETS));
    }
    try (var in = ConfigFile.class.getResourceAsStream("/presets/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("preset " + name + " is missing from the jar");
      }
      return parse(Path.of("preset " + name), in.readAllBytes(), true, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where an entry is, for messages: {@code FILE line N}. */
  String where(Entry e) {
    return file + (e.line() > 0 ? " line " + e.line() : "");
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nothing";
    }
    return n.isArray() ? "a list" : "a single value";
  }
}
