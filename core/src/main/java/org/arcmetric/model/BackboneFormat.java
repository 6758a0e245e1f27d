package org.arcmetric.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.arcmetric.options.DataException;

/**
 * A file format of pretrained backbones served by another module (found with {@link
 * ServiceLoader}), such as ONNX ({@code arcmetric-onnx}): {@code --backbone NAME:FILE}.
 * Implementations are stateless and thread-safe; register one in {@code
 * META-INF/services/org.arcmetric.model.BackboneFormat}.
 */
public interface BackboneFormat {
  /** The prefix on the command line and the {@code backbone} name in {@code model.json}. */
  String name();

  /**
   * The backbone of the user's {@code file}, checked enough to refuse a wrong file with one line.
   *
   * @throws DataException naming {@code backbone} and the file
   */
  BackboneRef.External open(Path file);

  /**
   * The copy of the backbone inside model folder {@code dir} ({@link
   * BackboneRef.External#copyName}), expected to hash to {@code sha256}.
   *
   * @throws IOException if it is missing or its hash differs
   */
  BackboneRef.External inFolder(Path dir, String sha256) throws IOException;
}
