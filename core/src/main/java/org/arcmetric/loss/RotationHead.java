package org.arcmetric.loss;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A class head with a rotation head beside it (the auxiliary self-supervised task of Gidaris et
 * al., CVPR 2019, "Boosting Few-Shot Visual Learning with Self-Supervision", and Su et al., ECCV
 * 2020): a linear map {@code W_rot·x + b_rot} from the same {@code (N, d)} embedding x to 4 logits,
 * one per turn r · 90°, next to the unchanged class head. Unlike rotation labels (4·C joint
 * classes) the class head keeps C classes, so a turn that cannot be seen (a circle) only costs the
 * rotation term, not the class decision.
 *
 * <p>Labels {@code (class (N), turn (N))}: the class label alone goes to the class head (a margin
 * head uses it). Output: the class head's outputs followed by the rotation logits {@code (N, 4)}
 * (see {@link RotationTaskLoss}). Dropped with the head after training. Not thread-safe (a block).
 */
public final class RotationHead extends AbstractBlock {
  private static final byte VERSION = 1;

  /** Turns the rotation head tells apart: 0°, 90°, 180°, 270°. */
  public static final int TURNS = 4;

  private final Block classHead;
  private final Linear rotation;

  public RotationHead(Block classHead) {
    super(VERSION);
    this.classHead = addChildBlock("class", classHead);
    this.rotation = addChildBlock("rotation", Linear.builder().setUnits(TURNS).build());
  }

  /** The class head inside, for what acts on it alone (margin warm-up). */
  public Block classHead() {
    return classHead;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList out = new NDList(classHead.forward(ps, inputs, training, params));
    out.add(rotation.forward(ps, inputs, training, params).singletonOrThrow());
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList data, NDList labels, PairList<String, Object> params) {
    NDList out = new NDList(classHead.forward(ps, data, new NDList(labels.get(0)), params));
    out.add(rotation.forward(ps, data, true, params).singletonOrThrow());
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    classHead.initialize(manager, dataType, inputShapes);
    rotation.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] c = classHead.getOutputShapes(inputShapes);
    Shape[] out = Arrays.copyOf(c, c.length + 1);
    out[c.length] = new Shape(inputShapes[0].get(0), TURNS);
    return out;
  }
}
