package org.arcmetric.compute;

import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * How the backbone computes: its number format ({@link Precision}) and whether its activations are
 * laid out channels-last (NHWC in memory, what oneDNN's convolution kernels read fastest) instead
 * of PyTorch's default NCHW. Neither changes the weights or what they mean: a model trained in one
 * mode embeds in any other, the embeddings agreeing to within the precision's rounding. Applies to
 * the built-in backbones; a TorchScript backbone always computes as it was saved. Immutable.
 *
 * <p>The process default ({@link #defaults()}) is bfloat16 where the CPU has it ({@link
 * CpuFeatures#hasBf16()}) and float32 elsewhere, always channels-last; the system property {@value
 * #PRECISION_PROPERTY} ({@code auto}, {@code fp32} or {@code bf16}) overrides the precision, which
 * is what the command line's {@code --precision} sets. Measurements: BENCHMARKS.md, "Speed".
 *
 * @param precision the backbone's number format
 * @param channelsLast whether the backbone's activations are channels-last
 */
public record ComputeMode(Precision precision, boolean channelsLast) {
  /** The system property that chooses the precision: {@code auto}, {@code fp32} or {@code bf16}. */
  public static final String PRECISION_PROPERTY = "arcmetric.precision";

  /**
   * The system property that turns channels-last off ({@code false}): a diagnostic switch for
   * measuring what the layout buys, not a user option.
   */
  public static final String CHANNELS_LAST_PROPERTY = "arcmetric.channels-last";

  /** What {@code auto} means. */
  public static final String AUTO = "auto";

  /** Plain float32, NCHW: PyTorch's defaults. */
  public static final ComputeMode FP32_NCHW = new ComputeMode(Precision.FP32, false);

  public ComputeMode {
    if (precision == null) {
      throw new IllegalArgumentException("precision must not be null");
    }
  }

  /**
   * The process default: {@value #PRECISION_PROPERTY} resolved on this CPU, channels-last unless
   * {@value #CHANNELS_LAST_PROPERTY} is {@code false}.
   */
  public static ComputeMode defaults() {
    return new ComputeMode(
        resolve(System.getProperty(PRECISION_PROPERTY, AUTO)),
        !"false".equals(System.getProperty(CHANNELS_LAST_PROPERTY)));
  }

  /**
   * {@code auto} (bfloat16 where this CPU has it, else float32), {@code fp32} or {@code bf16}.
   *
   * @throws InvalidOptionException for another name, naming {@code {precision}}
   */
  public static Precision resolve(String requested) {
    String r = requested == null ? AUTO : requested.trim().toLowerCase(Locale.ROOT);
    if (r.equals(AUTO)) {
      return CpuFeatures.detect().hasBf16() ? Precision.BF16 : Precision.FP32;
    }
    if (r.equals("fp32") || r.equals("bf16")) {
      return Precision.parse(r);
    }
    throw new InvalidOptionException(
        "unknown {precision} '" + requested + "': choose auto, fp32 or bf16");
  }

  /** A copy with another precision. */
  public ComputeMode withPrecision(Precision p) {
    return new ComputeMode(p, channelsLast);
  }

  /** In words, e.g. {@code "bf16, channels-last"}. */
  public String describe() {
    return precision.cliName() + (channelsLast ? ", channels-last" : ", NCHW");
  }
}
