/**
 * ONNX backbones: {@code --backbone onnx:FILE} ({@link org.arcmetric.onnx.OnnxFormat}), run frozen
 * by ONNX Runtime ({@link org.arcmetric.onnx.OnnxBlock}) under the PyTorch-trained embedding head.
 * Found by core through {@link java.util.ServiceLoader}; nothing else depends on it at compile
 * time.
 */
package org.arcmetric.onnx;
