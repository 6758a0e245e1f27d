package org.arcmetric.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The on-disk layout of a trained model:
 *
 * <pre>
 *   MODEL_DIR/model.json               {@link ModelInfo}
 *   MODEL_DIR/embedding-0000.params    weights of the embedding network (DJL format, no head)
 *   MODEL_DIR/train-log.jsonl          one JSON line per epoch
 *   MODEL_DIR/checkpoints/             the last training checkpoint (with the head), for --resume
 * </pre>
 *
 * Files are written to a temporary name and moved into place, so a crash never leaves a half {@code
 * model.json}.
 */
public final class ModelFolder {
  public static final String INFO_FILE = "model.json";
  public static final String WEIGHTS_PREFIX = "embedding";
  public static final String WEIGHTS_FILE = WEIGHTS_PREFIX + "-0000.params";
  public static final String LOG_FILE = "train-log.jsonl";
  public static final String CHECKPOINT_DIR = "checkpoints";

  /** The JSON mapper for every file arcmetric writes: snake_case keys, indented. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** {@link #JSON} reading a version-1 {@code model.json} without its flat training object. */
  private static final ObjectMapper V1 =
      JSON.copy().addMixIn(ModelInfo.class, WithoutTraining.class);

  @JsonIgnoreProperties({"training"})
  private abstract static class WithoutTraining {}

  private ModelFolder() {}

  /** Reads {@code model.json}, with messages that say what is missing. */
  public static ModelInfo readInfo(Path dir) throws IOException {
    Path info = dir.resolve(INFO_FILE);
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": no such model folder (train one with 'arcmetric train')");
    }
    if (!Files.isRegularFile(info)) {
      throw new IOException(
          dir + " is not a model folder: " + INFO_FILE + " is missing (was training finished?)");
    }
    ModelInfo m;
    // read once; parsed twice (the version first, then the records with line numbers for messages)
    byte[] bytes = Files.readAllBytes(info);
    try {
      JsonNode tree = JSON.readTree(bytes);
      if (tree instanceof ObjectNode root && root.path("format_version").asInt(0) < 2) {
        // version 1: all but its flat training object from the file (messages give the line),
        // then that object read into version 2's records
        m = V1.readValue(bytes, ModelInfo.class);
        if (m != null && root.path("training").isObject()) {
          m =
              m.withTraining(
                  JSON.treeToValue(
                      ModelJsonV1.upgrade(root).get("training"), TrainingRecord.class));
        }
      } else {
        m = JSON.readValue(bytes, ModelInfo.class);
      }
    } catch (JacksonException e) {
      throw new IOException(info + " is not a valid model description: " + describe(e), e);
    }
    if (m == null) {
      throw new IOException(info + " holds no model description (null); " + RESTORE);
    }
    if (m.formatVersion() > ModelInfo.FORMAT_VERSION) {
      throw new IOException(
          info + " has format version " + m.formatVersion() + "; upgrade arcmetric to read it");
    }
    requireField(info, "backbone", m.backbone() != null);
    requireField(info, "embedding_dim", m.embeddingDim() > 0);
    requireField(info, "input", m.input() != null);
    requireField(info, "normalization", m.normalization() != null);
    requireField(info, "fingerprint", m.fingerprint() != null && !m.fingerprint().isBlank());
    if (m.normalization().mean().length != m.input().channels()) {
      throw new IOException(
          info
              + ": normalization has "
              + m.normalization().mean().length
              + " values per channel but input has "
              + m.input().channels()
              + " channels; "
              + RESTORE);
    }
    if (m.contract() != null && !m.contract().equals(m.computedContract())) {
      throw new IOException(
          info
              + ": backbone, embedding_dim, input, normalization or backbone_file differ from what"
              + " the model was trained with (its recorded contract no longer matches), so every"
              + " answer would change; "
              + RESTORE);
    }
    return m;
  }

  private static final String RESTORE =
      "restore the file from the trained model folder or train again";

  private static void requireField(Path info, String field, boolean present) throws IOException {
    if (!present) {
      throw new IOException(info + ": field " + field + " is missing or empty; " + RESTORE);
    }
  }

  /**
   * A JSON error in the user's terms: what is wrong, at which field and line, without Jackson's
   * class names and source excerpts.
   */
  static String describe(JacksonException e) {
    StringBuilder field = new StringBuilder();
    if (e instanceof JsonMappingException jm) {
      for (JsonMappingException.Reference r : jm.getPath()) {
        if (r.getFieldName() != null) {
          field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          field.append('[').append(r.getIndex()).append(']');
        }
      }
    }
    String what = e.getOriginalMessage();
    int cut = what.indexOf(" (for ");
    if (cut < 0) {
      cut = what.indexOf(": was expecting");
    }
    if (cut > 0) {
      what = what.substring(0, cut);
    }
    what =
        what.replaceAll("`[a-z]+(\\.[a-zA-Z$]+)+`", "a value")
            .replace("`", "")
            .replaceAll("\\s+", " ");
    var where = e.getLocation();
    return what
        + (field.length() == 0 ? "" : " at field " + field)
        + (where == null || where.getLineNr() < 1 ? "" : " (line " + where.getLineNr() + ")")
        + "; restore the file from the trained model folder or train again";
  }

  /** Writes {@code model.json} atomically. */
  public static void writeInfo(Path dir, ModelInfo info) throws IOException {
    writeJsonAtomically(dir.resolve(INFO_FILE), info);
  }

  /** Writes any value as JSON to {@code file} through a temporary file and an atomic move. */
  public static void writeJsonAtomically(Path file, Object value) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), value);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code sha256:HEX} of a file's bytes. */
  public static String fingerprint(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return "sha256:"
          + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Loads the embedding network of a model folder. The caller owns (closes) the returned model.
   *
   * @throws IOException if files are missing, damaged, or do not match {@code model.json}
   */
  public static Model loadEmbeddingModel(Path dir, ModelInfo info) throws IOException {
    Path weights = dir.resolve(WEIGHTS_FILE);
    boolean torchScript = BackboneRef.TORCHSCRIPT.equals(info.backbone());
    String holds = torchScript ? " (which holds the TorchScript backbone)" : "";
    if (!Files.isRegularFile(weights)) {
      throw new IOException(
          dir + ": weights file " + WEIGHTS_FILE + holds + " is missing; restore the folder");
    }
    String actual = fingerprint(weights);
    if (info.fingerprint() != null && !info.fingerprint().equals(actual)) {
      throw new IOException(
          weights
              + holds
              + " does not match the fingerprint in "
              + INFO_FILE
              + " (expected "
              + info.fingerprint()
              + ", found "
              + actual
              + "): the weights were changed or damaged; retrain or restore the folder");
    }
    Model model = Model.newInstance(WEIGHTS_PREFIX, Engine.getEngine("PyTorch").defaultDevice());
    try {
      model.setBlock(EmbeddingNetwork.build(info.spec(dir).forLoading(), model.getNDManager()));
      model.load(dir, WEIGHTS_PREFIX);
      return model;
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(
          weights + " could not be loaded as a " + info.backbone() + " model: " + e.getMessage(),
          e);
    }
  }
}
