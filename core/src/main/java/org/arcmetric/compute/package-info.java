/**
 * How the network computes on this machine: the CPU's features ({@link
 * org.arcmetric.compute.CpuFeatures}), the number format and memory layout of the backbone ({@link
 * org.arcmetric.compute.ComputeMode}), bfloat16 mixed precision with float32 master weights ({@link
 * org.arcmetric.compute.MixedPrecisionStore}, {@link org.arcmetric.compute.DtypeCast}), and
 * gradient recording off for inference ({@link org.arcmetric.compute.NoGrad}). Depends only on
 * {@code options}.
 */
package org.arcmetric.compute;
