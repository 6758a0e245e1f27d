package org.arcmetric.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DJL block that runs an ONNX backbone through ONNX Runtime: {@code (N, C, H, W)} float images
 * (of any engine) to {@code (N, F)} features created on the input's manager. It has no parameters
 * (an ONNX backbone is always frozen, and its weights stay in the file), so the weights file of a
 * model saves and loads the layers above it only. Thread-safe (ONNX Runtime sessions are).
 */
public final class OnnxBlock extends AbstractBlock {
  private static final byte VERSION = 1;
  private final OnnxSession session;
  private final Map<Shape, Long> featuresByInput = new ConcurrentHashMap<>();

  OnnxBlock(OnnxSession session) {
    super(VERSION);
    this.session = session;
    freezeParameters(true);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (x.getDataType() != DataType.FLOAT32) {
      x = x.toType(DataType.FLOAT32, false);
    }
    Shape s = x.getShape();
    int[] f = new int[1];
    float[] y = session.run(x.toFloatArray(), s.getShape(), f);
    return new NDList(x.getManager().create(y, new Shape(s.get(0), f[0])));
  }

  /** Runs the file once on zeros of {@code inputShapes[0]} (per input shape, remembered). */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    Shape one = new Shape(1, in.get(1), in.get(2), in.get(3));
    long f =
        featuresByInput.computeIfAbsent(
            one,
            k -> {
              int[] out = new int[1];
              session.run(new float[(int) k.size()], k.getShape(), out);
              return (long) out[0];
            });
    return new Shape[] {new Shape(in.get(0), f)};
  }
}
