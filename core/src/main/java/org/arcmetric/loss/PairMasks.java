package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The {@code (N, N)} float masks of a labelled batch: positives (same label, i ≠ j) and negatives
 * (different label).
 */
record PairMasks(NDArray positive, NDArray negative) {
  static PairMasks of(NDArray labels) {
    NDArray y = labels.toType(DataType.INT64, false).reshape(-1, 1);
    NDArray same = y.eq(y.transpose()).toType(DataType.FLOAT32, false);
    long n = y.getShape().get(0);
    NDArray eye = labels.getManager().eye((int) n).toType(DataType.FLOAT32, false);
    return new PairMasks(same.sub(eye), same.neg().add(1f));
  }

  /** The masks in the data type of {@code like} (float64 in gradient checks). */
  PairMasks as(NDArray like) {
    return new PairMasks(
        positive.toType(like.getDataType(), false), negative.toType(like.getDataType(), false));
  }
}
