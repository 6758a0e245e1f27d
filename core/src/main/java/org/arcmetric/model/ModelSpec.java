package org.arcmetric.model;

import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;

/**
 * Everything needed to rebuild the embedding network and feed it: backbone, embedding size d, input
 * shape and input normalisation.
 */
public record ModelSpec(
    BackboneRef backbone, int embeddingDim, InputShape inputShape, Normalization normalization) {
  public ModelSpec {
    if (embeddingDim < 2 || embeddingDim > 4096) {
      throw new IllegalArgumentException(
          "embedding dimension must be between 2 and 4096, got " + embeddingDim);
    }
    if (normalization.mean().length != inputShape.channels()) {
      throw new IllegalArgumentException("normalisation has the wrong number of channels");
    }
  }

  /** The same network, with a built-in backbone. */
  public ModelSpec(
      Backbone backbone, int embeddingDim, InputShape inputShape, Normalization normalization) {
    this(new BackboneRef.BuiltIn(backbone), embeddingDim, inputShape, normalization);
  }

  /**
   * The same network as empty blocks to load saved weights into ({@link BackboneRef#forLoading}).
   */
  public ModelSpec forLoading() {
    return new ModelSpec(backbone.forLoading(), embeddingDim, inputShape, normalization);
  }
}
