package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Reads and overwrites a parameter's values from Java, for the initialisations that compute a start
 * ({@link StemWhitening}, {@link DiracInit}). Writing goes through arithmetic in place, which keeps
 * the weight's memory layout (channels-last or not); every array made on the way is closed, since
 * arrays computed from a parameter otherwise stay on its manager as long as the model. Stateless
 * and thread-safe; the arrays passed in are not.
 */
final class WeightValues {
  private WeightValues() {}

  /** {@code w}'s values as float32, in its logical (row-major) order. */
  static float[] read(NDArray w) {
    if (w.getDataType() == DataType.FLOAT32) {
      return w.toFloatArray();
    }
    try (NDArray f = w.toType(DataType.FLOAT32, true)) {
      return f.toFloatArray();
    }
  }

  /** Overwrites {@code w} with {@code values} (row-major, {@code w}'s size), in place. */
  static void overwrite(NDArray w, float[] values) {
    try (NDArray value = w.getManager().create(values, w.getShape());
        NDArray typed = value.toType(w.getDataType(), true)) {
      w.muli(0).addi(typed);
    }
  }
}
