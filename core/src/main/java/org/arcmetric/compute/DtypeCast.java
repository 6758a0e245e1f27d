package org.arcmetric.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Differentiable casts between float32 and bfloat16, which DJL's own {@code toType} cannot do: its
 * PyTorch binding has no bfloat16 type, and it casts without recording a gradient. The cast runs as
 * a two-line TorchScript module ({@code x.to(torch.bfloat16)} for a float32 tensor, {@code
 * x.to(torch.float32)} for any other), written by this class as a TorchScript archive in memory and
 * loaded once per process, so PyTorch's autograd records it like any other operation: the gradient
 * of a bfloat16 copy of a float32 weight reaches the weight as float32.
 *
 * <p>A bfloat16 array reports {@link DataType#UNKNOWN} to Java (DJL has no name for it); every
 * operation that does not ask for the type (convolution, BatchNorm, ReLU, pooling, addition) works
 * on it. Thread-safe.
 */
public final class DtypeCast {
  /** TorchScript type codes: c10::ScalarType::Float and BFloat16. */
  private static final int FLOAT = 6;

  private static final int BFLOAT16 = 15;
  private static volatile PtSymbolBlock module;

  private DtypeCast() {}

  /** {@code x} as bfloat16 (itself if it is not float32). */
  public static NDArray toBf16(NDArray x) {
    return x.getDataType() == DataType.FLOAT32 ? toggle(x) : x;
  }

  /** {@code x} as float32 (itself if it is float32). */
  public static NDArray toFloat32(NDArray x) {
    return x.getDataType() == DataType.FLOAT32 ? x : toggle(x);
  }

  private static NDArray toggle(NDArray x) {
    // isTrain = true: no inference-mode guard, so autograd records the cast when the thread's
    // grad mode is on (training) and not otherwise
    return IValueUtils.forward(module(), new NDList(x), true).singletonOrThrow();
  }

  private static PtSymbolBlock module() {
    PtSymbolBlock m = module;
    if (m == null) {
      synchronized (DtypeCast.class) {
        m = module;
        if (m == null) {
          // a manager of its own that is never closed: the module lives as long as the process
          NDManager owner = NDManager.newBaseManager();
          try {
            m =
                JniUtils.loadModule(
                    (PtNDManager) owner, new ByteArrayInputStream(archive()), true, false);
          } catch (IOException e) {
            throw new UncheckedIOException("could not load the bfloat16 cast", e);
          }
          module = m;
        }
      }
    }
    return m;
  }

  /**
   * The TorchScript archive of the module, as {@code torch.jit.save} writes it for
   *
   * <pre>{@code
   * class Cast(torch.nn.Module):
   *     def forward(self, x: torch.Tensor) -> torch.Tensor:
   *         if x.dtype == torch.float32:
   *             return x.to(torch.bfloat16)
   *         return x.to(torch.float32)
   * }</pre>
   *
   * (format version 3: the module's source, its pickled state {@code {training: True}}, no
   * constants), the entries stored uncompressed.
   */
  static byte[] archive() throws IOException {
    String code =
        "class Cast(Module):\n"
            + "  __parameters__ = []\n"
            + "  __buffers__ = []\n"
            + "  training : bool\n"
            + "  def forward(self: __torch__.Cast,\n"
            + "    x: Tensor) -> Tensor:\n"
            + "    if torch.eq(ops.prim.dtype(x), "
            + FLOAT
            + "):\n"
            + "      _0 = torch.to(x, "
            + BFLOAT16
            + ")\n"
            + "    else:\n"
            + "      _0 = torch.to(x, "
            + FLOAT
            + ")\n"
            + "    return _0\n";
    // pickle protocol 2: GLOBAL '__torch__ Cast', EMPTY_TUPLE, NEWOBJ, EMPTY_DICT,
    // 'training' -> True (SETITEM), BUILD, STOP
    ByteArrayOutputStream state = new ByteArrayOutputStream();
    state.write(new byte[] {(byte) 0x80, 2, 'c'});
    state.writeBytes("__torch__\nCast\n".getBytes(StandardCharsets.US_ASCII));
    state.write(new byte[] {')', (byte) 0x81, '}', 'X', 8, 0, 0, 0});
    state.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
    state.write(new byte[] {(byte) 0x88, 's', 'b', '.'});
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      stored(z, "cast/data.pkl", state.toByteArray());
      stored(z, "cast/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      stored(z, "cast/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(z, "cast/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      stored(z, "cast/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    }
    return zip.toByteArray();
  }

  private static void stored(ZipOutputStream z, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    e.setCrc(crc.getValue());
    z.putNextEntry(e);
    z.write(bytes);
    z.closeEntry();
  }
}
