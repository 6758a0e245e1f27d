package org.arcmetric.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.arcmetric.loss.MarginHead;

/**
 * The network that maps an image to its embedding: {@code backbone → BatchNorm → Linear(d) →
 * BatchNorm → L2-normalise} (the "BN-FC-BN" embedding of the ArcFace paper), giving {@code (N, d)}
 * unit vectors. The same construction is used to train and to load a model folder, so the saved
 * weights always fit (the parameter layout is that of a {@link SequentialBlock}).
 *
 * <p>The backbone (the first child) can be <em>frozen</em> for fine-tuning: {@link #freezeBackbone}
 * stops its parameters' gradients and runs it in inference mode, so BatchNorm uses and keeps its
 * running statistics while the projection and head train. Not thread-safe while training.
 */
public final class EmbeddingNetwork extends SequentialBlock {
  private boolean backboneFrozen;

  private EmbeddingNetwork() {}

  /**
   * A new, uninitialised embedding block for {@code spec}; a TorchScript backbone's native module
   * belongs to {@code manager} (the model's).
   */
  public static EmbeddingNetwork build(ModelSpec spec, NDManager manager) {
    EmbeddingNetwork net = new EmbeddingNetwork();
    net.add(spec.backbone().build(spec.inputShape(), manager))
        .add(BatchNorm.builder().build())
        .add(Linear.builder().setUnits(spec.embeddingDim()).build())
        .add(BatchNorm.builder().build())
        .add(list -> new NDList(MarginHead.normalize(list.singletonOrThrow())));
    return net;
  }

  /** The backbone block, {@code (N, C, H, W) → (N, F)}. */
  public Block backbone() {
    return getChildren().get(0).getValue();
  }

  /**
   * Freezes ({@code true}) or unfreezes the backbone: its parameters stop or resume taking
   * gradients, and while frozen it runs in inference mode (BatchNorm statistics fixed).
   */
  public void freezeBackbone(boolean frozen) {
    backbone().freezeParameters(frozen);
    backboneFrozen = frozen;
  }

  public boolean backboneFrozen() {
    return backboneFrozen;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList current = inputs;
    boolean first = true;
    for (Block block : getChildren().values()) {
      if (first && backboneFrozen && training) {
        // inference mode; the copy turns a TorchScript module's inference tensors into ordinary
        // ones that the layers above may record for their gradients
        NDList features = block.forward(parameterStore, current, false, params);
        current = new NDList(features.size());
        for (NDArray a : features) {
          current.add(a.duplicate());
        }
      } else {
        current = block.forward(parameterStore, current, training, params);
      }
      first = false;
    }
    return current;
  }

  /** With labels: as a training forward (nothing below the head uses labels). */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList data, NDList labels, PairList<String, Object> params) {
    return forwardInternal(parameterStore, data, true, params);
  }
}
