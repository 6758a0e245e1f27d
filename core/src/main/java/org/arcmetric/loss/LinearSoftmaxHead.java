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
 * Plain softmax: an ordinary linear classifier {@code W·x + b} on the embedding, no normalisation
 * of W and no margin — the baseline that every metric-learning comparison needs. The embedding
 * itself is still L2-normalised for the gallery. Labels are ignored. Output {@code (N, C)}.
 */
public final class LinearSoftmaxHead extends AbstractBlock {
  private static final byte VERSION = 1;
  private final Linear linear;
  private final int numClasses;

  public LinearSoftmaxHead(int numClasses) {
    super(VERSION);
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "a softmax head needs at least 2 classes, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.linear = addChildBlock("linear", Linear.builder().setUnits(numClasses).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return linear.forward(ps, inputs, training, params);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    linear.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
  }
}
