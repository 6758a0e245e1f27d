package org.arcmetric.compute;

import ai.djl.ndarray.NDArray;

/** Memory layouts of image batches. Stateless. */
public final class Layouts {
  private Layouts() {}

  /**
   * The same {@code (N, C, H, W)} batch with channels-last strides: one copy into NHWC order, then
   * a view that PyTorch reads as NCHW. Convolutions given such a batch compute and return
   * channels-last, so one conversion at the input sets the layout of the whole network.
   */
  public static NDArray channelsLast(NDArray x) {
    long[] s = x.getShape().getShape();
    if (s.length != 4) {
      throw new IllegalArgumentException("channels-last needs (N, C, H, W), got " + x.getShape());
    }
    // flattening the permuted view cannot be a view: reshape copies it in NHWC order
    return x.transpose(0, 2, 3, 1)
        .reshape(s[0], s[1] * s[2] * s[3])
        .reshape(s[0], s[2], s[3], s[1])
        .transpose(0, 3, 1, 2);
  }
}
