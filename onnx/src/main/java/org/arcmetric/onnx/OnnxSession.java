package org.arcmetric.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import org.arcmetric.options.DataException;

/**
 * One ONNX Runtime session of a backbone file, checked to have a 4-D float image input {@code (N,
 * C, H, W)}: {@link #run} maps a batch of images to {@code (N, F)} features, flattening {@code (N,
 * F, 1, 1)}, and refuses any other output shape with one line. ONNX Runtime's sessions are
 * thread-safe, and so is this class. {@link #close} releases the native session.
 */
public final class OnnxSession implements AutoCloseable {
  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final long[] inputShape;

  private OnnxSession(
      Path file, OrtEnvironment env, OrtSession session, String input, long[] shape) {
    this.file = file;
    this.env = env;
    this.session = session;
    this.input = input;
    this.inputShape = shape;
  }

  /**
   * Opens {@code file}.
   *
   * @throws DataException naming {@code backbone} and the file if it is not an ONNX model or has no
   *     4-D float input
   */
  public static OnnxSession open(Path file) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
      session = env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new DataException(
          "{backbone}: "
              + file
              + " is not an ONNX model ONNX Runtime can load ("
              + firstLine(e.getMessage())
              + "); export one with torch.onnx.export (scripts/tools/torchscript-to-onnx.py)");
    }
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
        if (e.getValue().getInfo() instanceof TensorInfo t
            && t.type == OnnxJavaType.FLOAT
            && t.getShape().length == 4) {
          if (inputs.size() != 1) {
            break;
          }
          return new OnnxSession(file, env, session, e.getKey(), t.getShape());
        }
      }
      StringBuilder got = new StringBuilder();
      for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
        got.append(got.length() == 0 ? "" : ", ").append(e.getKey()).append(' ');
        got.append(
            e.getValue().getInfo() instanceof TensorInfo t
                ? t.type + " " + Arrays.toString(t.getShape())
                : e.getValue().getInfo().toString());
      }
      session.close();
      throw new DataException(
          "{backbone}: "
              + file
              + " has no 4-D image input (N, C, H, W) of floats as its only input (its inputs: "
              + got
              + "); export the backbone with one image input");
    } catch (OrtException e) {
      closeQuietly(session);
      throw new DataException("{backbone}: " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** The side of a square input the file fixes ({@code (N, C, S, S)}), if it fixes one. */
  public OptionalInt inputSide() {
    return inputShape[2] > 0 && inputShape[2] == inputShape[3]
        ? OptionalInt.of((int) inputShape[2])
        : OptionalInt.empty();
  }

  /** The input's shape as the file declares it ({@code -1} for a free dimension). */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The features of {@code n} images {@code (n, c, h, w)} in {@code data} (channel-first, as the
   * network's input normalisation left them), {@code n × F} floats; {@code features[0]} receives F.
   *
   * @throws DataException naming {@code backbone} if the file wants another input shape or gives no
   *     {@code (N, F)} or {@code (N, F, 1, 1)} output
   */
  public float[] run(float[] data, long[] shape, int[] features) {
    for (int i = 1; i < 4; i++) {
      if (inputShape[i] > 0 && inputShape[i] != shape[i]) {
        throw new DataException(
            "{backbone}: "
                + file
                + " takes images of shape "
                + describe(inputShape)
                + ", not "
                + describe(shape)
                + "; set {channels} and {imageSize} to what it expects");
      }
    }
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        OrtSession.Result r = session.run(Map.of(input, x))) {
      if (!(r.get(0) instanceof OnnxTensor y) || y.getInfo().type != OnnxJavaType.FLOAT) {
        throw new DataException(
            "{backbone}: " + file + " gives no float tensor as its first output");
      }
      long[] s = y.getInfo().getShape();
      boolean flat = s.length == 2;
      boolean pooled = s.length == 4 && s[2] == 1 && s[3] == 1;
      if (!(flat || pooled) || s[0] != shape[0]) {
        throw new DataException(
            "{backbone}: "
                + file
                + " gives "
                + describe(s)
                + " for images of shape "
                + describe(shape)
                + ", not (N, F) or (N, F, 1, 1) pooled features; export the backbone with its"
                + " global pooling (and flatten)");
      }
      features[0] = (int) s[1];
      FloatBuffer b = y.getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    } catch (OrtException e) {
      throw new DataException(
          "{backbone}: "
              + file
              + " failed on images of shape "
              + describe(shape)
              + " ("
              + firstLine(e.getMessage())
              + "); set {channels} and {imageSize} to what it expects");
    }
  }

  private static String describe(long[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? (i == 0 ? "N" : "?") : shape[i]);
    }
    return s.append(')').toString();
  }

  private static String firstLine(String s) {
    return s == null ? "no message" : s.strip().split("\n")[0];
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException ignored) {
      // closing after a failure: nothing more to say
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }
}
