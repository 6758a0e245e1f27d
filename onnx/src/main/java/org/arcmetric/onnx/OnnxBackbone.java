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
 *
 * @param inputSide the side of a square input the file fixes ({@code (N, C, S, S)}), read when the
 *     user's file is opened; empty when it takes any size, and for a model folder's copy (whose
 *     input {@code model.json} records)
 */
public record OnnxBackbone(Path file, String sha256, OptionalInt inputSide)
    implements BackboneRef.External {
  @Override
  public String name() {
    return BackboneRef.ONNX;
  }

  @Override
  public String copyName() {
    return OnnxFormat.COPY_NAME;
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
