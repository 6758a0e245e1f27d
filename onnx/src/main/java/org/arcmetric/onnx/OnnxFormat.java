package org.arcmetric.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.arcmetric.model.BackboneFormat;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.ModelFolder;

/** The ONNX backbone format, {@code onnx:FILE}. Stateless and thread-safe. */
public final class OnnxFormat implements BackboneFormat {
  /** The name of the copy inside a model folder. */
  public static final String COPY_NAME = "backbone.onnx";

  @Override
  public String name() {
    return BackboneRef.ONNX;
  }

  @Override
  public BackboneRef.External open(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String sha =
        BackboneRef.fingerprintOf(
            abs, "give an ONNX file (scripts/tools/torchscript-to-onnx.py writes one)");
    // opened once now, so a file that is not ONNX or has no image input is refused before any
    // image is read; the input size it fixes is read there too
    try (OnnxSession s = OnnxSession.open(abs)) {
      return new OnnxBackbone(abs, sha, s.inputSide());
    }
  }

  @Override
  public BackboneRef.External inFolder(Path dir, String sha256) throws IOException {
    Path copy = dir.resolve(COPY_NAME);
    if (!Files.isRegularFile(copy)) {
      throw new IOException(
          dir + ": " + COPY_NAME + " (the model's ONNX backbone) is missing; restore the folder");
    }
    String actual = ModelFolder.fingerprint(copy);
    if (sha256 != null && !sha256.equals(actual)) {
      throw new IOException(
          copy
              + " does not match model.json's backbone_file (expected "
              + sha256
              + ", found "
              + actual
              + "): it was changed or damaged; restore the folder");
    }
    return new OnnxBackbone(copy, actual, OptionalInt.empty());
  }
}
