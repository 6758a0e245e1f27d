package org.arcmetric.compute;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * The parameter store a bfloat16 backbone reads its weights from: convolution kernels (the 4-D
 * weights) come out as bfloat16 copies of the float32 master weights the wrapped store holds, made
 * by a differentiable cast ({@link DtypeCast}), so a training step's gradient reaches the master
 * weights in float32; every other parameter (BatchNorm's γ, β and running statistics) is handed out
 * as it is, float32, which PyTorch's CPU BatchNorm takes beside bfloat16 activations.
 *
 * <p>One store per forward pass: the copies belong to {@code scratch} (the batch's manager), so
 * they are freed with the batch. Not thread-safe (neither is a forward pass).
 */
public final class MixedPrecisionStore extends ParameterStore {
  private final ParameterStore master;
  private final NDManager scratch;

  /**
   * @param master the store that holds the float32 weights (the trainer's or the predictor's)
   * @param scratch the manager the bfloat16 copies are attached to
   */
  public MixedPrecisionStore(ParameterStore master, NDManager scratch) {
    super(scratch, false);
    this.master = master;
    this.scratch = scratch;
  }

  @Override
  public NDArray getValue(Parameter parameter, Device device, boolean training) {
    NDArray value = master.getValue(parameter, device, training);
    if (value == null) {
      return null;
    }
    Parameter.Type type = parameter.getType();
    if (type != Parameter.Type.WEIGHT && type != Parameter.Type.BIAS) {
      return value;
    }
    NDArray copy = DtypeCast.toBf16(value);
    copy.attach(scratch);
    return copy;
  }

  @Override
  public NDManager getManager() {
    return master.getManager();
  }

  @Override
  public void updateAllParameters() {
    master.updateAllParameters();
  }

  @Override
  public void sync() {
    master.sync();
  }
}
