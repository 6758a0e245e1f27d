package org.arcmetric.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.arcmetric.data.InputShape;
import org.arcmetric.options.DataException;
import org.arcmetric.options.InvalidOptionException;

/**
 * Which backbone an embedding network starts from: one of the {@link Backbone}s built in (random
 * weights), or a TorchScript file ({@code torchscript:FILE}), typically a pretrained network
 * exported by {@code scripts/tools/export-torchvision.py} or {@code
 * scripts/tools/convert-nsfwjs.py}. Either maps {@code (N, C, H, W)} float images to {@code (N, F)}
 * features; the projection, every head and every loss sit on top unchanged. Immutable.
 */
public sealed interface BackboneRef
    permits BackboneRef.BuiltIn, BackboneRef.TorchScript, BackboneRef.External {
  /** The prefix of a TorchScript backbone on the command line. */
  String TORCHSCRIPT = "torchscript";

  /** The prefix of an ONNX backbone on the command line (served by the arcmetric-onnx module). */
  String ONNX = "onnx";

  /** The name recorded in {@code model.json}: a built-in name, or {@code torchscript}. */
  String name();

  /**
   * What a resumed run must share with the interrupted one: the name, and for TorchScript the
   * SHA-256 of the file.
   */
  String identity();

  /**
   * A new block for images of {@code shape} whose native memory (for TorchScript) belongs to {@code
   * manager}.
   */
  Block build(InputShape shape, NDManager manager);

  /**
   * The same backbone as an empty block to load saved weights into: a model folder or checkpoint
   * holds a TorchScript module whole, so the original file is not needed.
   */
  BackboneRef forLoading();

  /**
   * {@code torchscript:FILE} or a built-in name ({@code resnet-small}, ...).
   *
   * @throws InvalidOptionException naming {@code backbone}, for an unknown name
   * @throws DataException for a TorchScript file that is missing or unreadable
   */
  static BackboneRef parse(String s) {
    int colon = s.indexOf(':');
    if (colon > 0 && !s.startsWith(TORCHSCRIPT + ":")) {
      String format = s.substring(0, colon);
      Optional<BackboneFormat> f = BackboneFormats.forName(format);
      if (f.isPresent()) {
        return f.get().open(Path.of(s.substring(colon + 1)));
      }
      if (format.equals(ONNX)) {
        throw new InvalidOptionException(
            "{backbone}: ONNX backbones need the arcmetric-onnx module on the class path (the"
                + " arcmetric launcher has it; from Java, add the org.arcmetric:arcmetric-onnx"
                + " dependency)");
      }
    }
    if (s.startsWith(TORCHSCRIPT + ":")) {
      return TorchScript.of(Path.of(s.substring(TORCHSCRIPT.length() + 1)));
    }
    if (s.equals(TORCHSCRIPT)) {
      throw new InvalidOptionException(
          "{backbone}: give the TorchScript file as torchscript:FILE (for example"
              + " torchscript:mobilenetv2.pt)");
    }
    return new BuiltIn(Backbone.parse(s));
  }

  /**
   * A pretrained backbone in a file format served by another module ({@link BackboneFormat}):
   * always frozen (its pooled features are computed once per image, {@code
   * pretrained.FrozenFeatures}), without parameters of its own in the weights file; a model folder
   * holds a copy of the file under {@link #copyName()}, so the folder works alone.
   */
  non-sealed interface External extends BackboneRef {
    /** The file it is read from (the user's, or the copy in a model folder). */
    Path file();

    /** {@code sha256:HEX} of the file's bytes. */
    String sha256();

    /** The name of the copy inside a model folder, e.g. {@code backbone.onnx}. */
    String copyName();

    /**
     * The image side the file fixes for its input, if it fixes one (square, height = width); empty
     * when the file takes any size.
     */
    default OptionalInt inputSide() {
      return OptionalInt.empty();
    }

    @Override
    default String identity() {
      return name() + ":" + sha256();
    }

    @Override
    default BackboneRef forLoading() {
      return this;
    }
  }

  /**
   * {@code sha256:HEX} of a backbone file the user gave.
   *
   * @param what the advice after the reason, e.g. what kind of file to give
   * @throws DataException naming {@code backbone} if it is missing, not a file, or unreadable
   */
  public static String fingerprintOf(Path abs, String what) {
    if (!Files.isRegularFile(abs)) {
      throw new DataException(
          "{backbone}: "
              + abs
              + (Files.exists(abs) ? " is not a file" : " does not exist")
              + "; "
              + what);
    }
    try {
      return ModelFolder.fingerprint(abs);
    } catch (IOException e) {
      throw new DataException("{backbone}: " + abs + " cannot be read: " + e.getMessage());
    }
  }

  /** One of the backbones built into arcmetric. */
  record BuiltIn(Backbone backbone) implements BackboneRef {
    @Override
    public String name() {
      return backbone.cliName();
    }

    @Override
    public String identity() {
      return name();
    }

    @Override
    public Block build(InputShape shape, NDManager manager) {
      return backbone.build(shape);
    }

    @Override
    public BackboneRef forLoading() {
      return this;
    }
  }

  /**
   * A scripted PyTorch module.
   *
   * @param file the {@code .pt} file, or null for a block to load a saved module into
   * @param sha256 {@code sha256:HEX} of the file, as recorded in {@code model.json}
   */
  record TorchScript(Path file, String sha256) implements BackboneRef {
    /**
     * The file {@code file}, with its fingerprint.
     *
     * @throws DataException if it is missing, not a file, or unreadable
     */
    public static TorchScript of(Path file) {
      Path abs = file.toAbsolutePath().normalize();
      return new TorchScript(
          abs,
          fingerprintOf(abs, "give a TorchScript file written by torch.jit.script(...).save(...)"));
    }

    @Override
    public String name() {
      return TORCHSCRIPT;
    }

    @Override
    public String identity() {
      return TORCHSCRIPT + ":" + sha256;
    }

    @Override
    public BackboneRef forLoading() {
      return new TorchScript(null, sha256);
    }

    /**
     * The module of {@link #file()}, trainable; a placeholder without a file.
     *
     * @throws DataException if the file is not a TorchScript module
     */
    @Override
    public Block build(InputShape shape, NDManager manager) {
      if (file == null) {
        return TorchScriptBlock.placeholder(manager);
      }
      if (!looksLikeZip(file)) {
        throw new DataException(
            "{backbone}: "
                + file
                + " is not a TorchScript file (a TorchScript file is a zip archive written by"
                + " torch.jit.script(module).save(path))");
      }
      try {
        return TorchScriptBlock.load(manager, file);
      } catch (EngineException e) {
        throw new DataException(
            "{backbone}: "
                + file
                + " could not be loaded as TorchScript ("
                + reason(e.getMessage())
                + "); is it whole, and written by torch.jit.script(...).save(...)?");
      }
    }

    private static boolean looksLikeZip(Path file) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] head = in.readNBytes(4);
        return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * Checks that {@code backbone} maps one image of {@code shape} to a {@code (1, F)} feature vector
   * and returns F.
   *
   * @throws DataException naming the shape it gave, or what it said, otherwise
   */
  static long featureCount(Block backbone, InputShape shape, String what) {
    Shape in = new Shape(1, shape.channels(), shape.height(), shape.width());
    Shape[] out;
    try {
      out = backbone.getOutputShapes(new Shape[] {in});
    } catch (EngineException e) {
      throw new DataException(
          "{backbone}: "
              + what
              + " failed on an input of shape "
              + in
              + " ("
              + reason(e.getMessage())
              + "); set {channels} and {imageSize} to what it expects");
    }
    if (out.length != 1 || out[0].dimension() != 2 || out[0].get(0) != 1 || out[0].get(1) < 1) {
      StringBuilder got = new StringBuilder();
      for (Shape s : out) {
        got.append(got.length() == 0 ? "" : ", ").append(s);
      }
      throw new DataException(
          "{backbone}: "
              + what
              + " gave "
              + got
              + " for an input of shape "
              + in
              + ", not (1, F) pooled features; export the module with its pooling and flatten"
              + " (scripts/tools/export-torchvision.py does)");
    }
    return out[0].get(1);
  }

  /**
   * The line of a PyTorch error that says what went wrong: the last {@code ...Error: what} line of
   * a TorchScript interpreter trace, or the first line.
   */
  private static String reason(String s) {
    if (s == null) {
      return "no message";
    }
    String[] lines = s.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      int at = lines[i].indexOf("Error: ");
      if (at >= 0) {
        return lines[i].substring(at + "Error: ".length()).strip();
      }
    }
    return lines[0].strip();
  }
}
