package org.arcmetric.loss;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The head of center loss: a linear softmax classifier whose output also carries the embedding,
 * {@code NDList(logits (N, C), embedding (N, d))}, so that {@link CenterLoss} can add the distance
 * to the class centres.
 */
public final class CenterLossHead extends AbstractBlock {
  private static final byte VERSION = 1;
  private final Linear linear;
  private final int numClasses;

  public CenterLossHead(int numClasses) {
    super(VERSION);
    if (numClasses < 2) {
      throw new IllegalArgumentException("center loss needs at least 2 classes, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.linear = addChildBlock("linear", Linear.builder().setUnits(numClasses).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList logits = linear.forward(ps, inputs, training, params);
    return new NDList(logits.singletonOrThrow(), inputs.singletonOrThrow());
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    linear.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numClasses), inputShapes[0]};
  }
}
