package org.arcmetric.compute;

import org.arcmetric.options.Choices;

/**
 * The number format the backbone's convolutions compute in.
 *
 * <ul>
 *   <li>{@code fp32}: everything in float32.
 *   <li>{@code bf16}: mixed precision (Micikevicius et al. 2018, "Mixed Precision Training", with
 *       bfloat16 as in Kalamkar et al. 2019): the backbone's activations and the convolution
 *       kernels it uses are bfloat16, cast from the float32 <em>master weights</em> at every
 *       forward pass (the cast is differentiable, so gradients reach the float32 weights, which the
 *       optimiser updates). BatchNorm keeps float32 parameters and statistics; the embedding head
 *       (BatchNorm–Linear–BatchNorm), the L2 normalisation, the margin heads' cos θ, their clamps
 *       and the softmax stay float32. Worth it only where the CPU multiplies bfloat16 natively
 *       (AVX-512-BF16 or AMX): see {@link CpuFeatures#hasBf16()}.
 * </ul>
 */
public enum Precision {
  FP32("fp32"),
  BF16("bf16");

  private final String cliName;

  Precision(String cliName) {
    this.cliName = cliName;
  }

  /** The name in options and {@code model.json}. */
  public String cliName() {
    return cliName;
  }

  /** The precision named {@code name}; the message lists the valid names otherwise. */
  public static Precision parse(String name) {
    return Choices.parse(Precision.class, name, Precision::cliName, "precision");
  }
}
