package org.arcmetric.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.loss.MarginHead;

/**
 * The {@code stages} feature tap: runs a trained backbone's layers in order and keeps, at each
 * spatial resolution it passes through, the last feature map there (the output of each stage), and
 * uses the last three of them; each is global-average-pooled to {@code (N, C_i)}, L2-normalised,
 * and the pieces are concatenated and scaled by {@code 1/√n} so the result is a unit vector of
 * {@code Σ C_i} values (224 = 32 + 64 + 128 for {@code resnet-small}). Earlier stages hold more
 * generic features (edges, textures) than the last one, which the training classes shaped most.
 *
 * <p>Inference only: it holds no parameters of its own and shares the backbone's. Stateless.
 */
final class StagePooling extends AbstractBlock {
  private final SequentialBlock backbone;

  StagePooling(SequentialBlock backbone) {
    this.backbone = backbone;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList x = inputs;
    List<NDArray> stages = new ArrayList<>();
    NDArray lastMap = null;
    for (Block child : backbone.getChildren().values()) {
      NDList y = child.forward(parameterStore, x, false, params);
      NDArray out = y.singletonOrThrow();
      Shape sh = out.getShape();
      if (sh.dimension() == 4 && sh.get(2) * sh.get(3) > 1) { // a 1×1 map is already pooled
        if (lastMap != null && !sameSize(lastMap.getShape(), out.getShape())) {
          stages.add(lastMap);
        }
        lastMap = out;
      }
      x = y;
    }
    if (lastMap != null) {
      stages.add(lastMap);
    }
    // the stem's map has the input's size and carries little; keep the stages after it
    List<NDArray> pooled = new ArrayList<>();
    for (NDArray s :
        stages.size() > 3 ? stages.subList(stages.size() - 3, stages.size()) : stages) {
      pooled.add(MarginHead.normalize(s.mean(new int[] {3}).mean(new int[] {2})));
    }
    NDArray cat = NDArrays.concat(pooled);
    return new NDList(cat.div((float) Math.sqrt(pooled.size())));
  }

  private static boolean sameSize(Shape a, Shape b) {
    return a.get(2) == b.get(2) && a.get(3) == b.get(3);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("StagePooling is inference-only; embed an image");
  }

  /** Concatenation along the feature axis. */
  private static final class NDArrays {
    static NDArray concat(List<NDArray> parts) {
      return ai.djl.ndarray.NDArrays.concat(new NDList(parts), 1);
    }
  }
}
