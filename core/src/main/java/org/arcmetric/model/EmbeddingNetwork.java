package org.arcmetric.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.arcmetric.loss.MarginHead;

/**
 * Builds the network that maps an image to its embedding: {@code backbone → BatchNorm → Linear(d) →
 * BatchNorm → L2-normalise} (the "BN-FC-BN" embedding of the ArcFace paper), giving {@code (N, d)}
 * unit vectors. The same construction is used to train and to load a model folder, so the saved
 * weights always fit.
 */
public final class EmbeddingNetwork {
  private EmbeddingNetwork() {}

  /** A new, uninitialised embedding block for {@code spec}. */
  public static Block build(ModelSpec spec) {
    SequentialBlock net = new SequentialBlock();
    net.add(spec.backbone().build(spec.inputShape()))
        .add(BatchNorm.builder().build())
        .add(Linear.builder().setUnits(spec.embeddingDim()).build())
        .add(BatchNorm.builder().build())
        .add(list -> new NDList(MarginHead.normalize(list.singletonOrThrow())));
    return net;
  }
}
