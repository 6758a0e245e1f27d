package org.arcmetric.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.arcmetric.data.InputShape;
import org.arcmetric.model.BackboneRef;

/**
 * An ONNX backbone: the file and the SHA-256 of its bytes. Always frozen; its block has no
 * parameters, and a model folder holds a copy named {@link OnnxFormat#COPY_NAME}. Immutable.
 */
public record OnnxBackbone(Path file, String sha256) implements BackboneRef.External {
  @Override
  public String name() {
    return BackboneRef.ONNX;
  }

  @Override
  public String copyName() {
    return OnnxFormat.COPY_NAME;
  }

  /** The side of a square input the file fixes ({@code (N, C, S, S)}), if it fixes one. */
  @Override
  public OptionalInt inputSide() {
    try (OnnxSession s = OnnxSession.open(file)) {
      long[] shape = s.inputShape();
      return shape[2] > 0 && shape[2] == shape[3]
          ? OptionalInt.of((int) shape[2])
          : OptionalInt.empty();
    }
  }

  /**
   * A block running the file for images of {@code shape}; its session closes with {@code manager}.
   */
  @Override
  public Block build(InputShape shape, NDManager manager) {
    OnnxSession session = OnnxSession.open(file);
    manager.attachInternal("onnx-session-" + System.identityHashCode(session), session);
    return new OnnxBlock(session);
  }
}
