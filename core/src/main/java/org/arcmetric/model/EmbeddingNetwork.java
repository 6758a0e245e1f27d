package org.arcmetric.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.compute.DtypeCast;
import org.arcmetric.compute.Layouts;
import org.arcmetric.compute.MixedPrecisionStore;
import org.arcmetric.compute.NativeMemory;
import org.arcmetric.compute.Precision;
import org.arcmetric.loss.MarginHead;

/**
 * The network that maps an image to its embedding: {@code backbone → BatchNorm → Linear(d) →
 * BatchNorm → L2-normalise} (the "BN-FC-BN" embedding of the ArcFace paper), giving {@code (N, d)}
 * unit vectors. The same construction is used to train and to load a model folder, so the saved
 * weights always fit (the parameter layout is that of a {@link SequentialBlock}).
 *
 * <p>The backbone (the first child) can be <em>frozen</em> for fine-tuning: {@link #freezeBackbone}
 * stops its parameters' gradients and runs it in inference mode, so BatchNorm uses and keeps its
 * running statistics while the projection and head train.
 *
 * <p>A built-in backbone computes in the network's {@link ComputeMode}: channels-last and, with
 * {@link Precision#BF16}, in bfloat16 from float32 master weights ({@link MixedPrecisionStore});
 * its pooled features return to float32 before the embedding head, so the head, the normalisation
 * and the loss are float32 in every mode. The mode changes no parameter: weights saved in one mode
 * load and run in another. A TorchScript backbone runs float32 as saved.
 *
 * <p>An input of shape {@code (N, F)} instead of {@code (N, C, H, W)} is taken as the backbone's
 * pooled features (computed once by a frozen backbone, {@code pretrained.FrozenFeatures}): only the
 * embedding head runs on it, as it would above a frozen backbone.
 *
 * <p>Not thread-safe while training; inference forward passes may run on several threads.
 */
public final class EmbeddingNetwork extends SequentialBlock {
  private final boolean builtIn;
  private final boolean channelsLastAllowed;
  private volatile ComputeMode compute = ComputeMode.defaults();
  private boolean backboneFrozen;
  private boolean normScalesFixed;

  private EmbeddingNetwork(BackboneRef backbone) {
    this.builtIn = backbone instanceof BackboneRef.BuiltIn;
    this.channelsLastAllowed =
        backbone instanceof BackboneRef.BuiltIn b && b.backbone().channelsLastSafe();
  }

  /**
   * A new, uninitialised embedding block for {@code spec}; a TorchScript backbone's native module
   * belongs to {@code manager} (the model's).
   */
  public static EmbeddingNetwork build(ModelSpec spec, NDManager manager) {
    NativeMemory.checkOnce();
    EmbeddingNetwork net = new EmbeddingNetwork(spec.backbone());
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
    if (normScalesFixed) {
      backboneNormParameters(Parameter.Type.GAMMA).forEach(p -> p.freeze(true));
    }
  }

  /**
   * Fixes the backbone's BatchNorm scales γ where they stand (1 until trained): they take no
   * gradient from now on, through {@link #freezeBackbone} and back, until the network is built
   * again (airbench's rule; the shifts β still learn).
   */
  public void fixNormScales() {
    normScalesFixed = true;
    backboneNormParameters(Parameter.Type.GAMMA).forEach(p -> p.freeze(true));
  }

  /**
   * The backbone's BatchNorm parameters of one type ({@code GAMMA}: the scales γ, {@code BETA}: the
   * shifts β), in the backbone's order; none for a TorchScript backbone.
   */
  public List<Parameter> backboneNormParameters(Parameter.Type type) {
    List<Parameter> found = new ArrayList<>();
    collectNorm(backbone(), type, found);
    return found;
  }

  private static void collectNorm(Block block, Parameter.Type type, List<Parameter> found) {
    if (block instanceof BatchNorm) {
      block.getDirectParameters().values().stream()
          .filter(p -> p.getType() == type)
          .forEach(found::add);
    }
    block.getChildren().values().forEach(child -> collectNorm(child, type, found));
  }

  public boolean backboneFrozen() {
    return backboneFrozen;
  }

  /** How the backbone computes (from {@link ComputeMode#defaults()} until set). */
  public ComputeMode compute() {
    return compute;
  }

  /** Sets how the backbone computes from the next forward pass on. */
  public EmbeddingNetwork setCompute(ComputeMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("compute mode must not be null");
    }
    this.compute = mode;
    return this;
  }

  /**
   * The mode the backbone actually computes in: the set mode for a built-in backbone (NCHW for one
   * that is not {@link Backbone#channelsLastSafe()}), {@link ComputeMode#FP32_NCHW} for a
   * TorchScript one.
   */
  public ComputeMode effectiveCompute() {
    if (!builtIn) {
      return ComputeMode.FP32_NCHW;
    }
    return compute.channelsLast() && !channelsLastAllowed
        ? new ComputeMode(compute.precision(), false)
        : compute;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList current = inputs;
    boolean first = true;
    // (N, F) inputs are the backbone's pooled features, computed once by a frozen backbone
    // (pretrained.FrozenFeatures): only the embedding head runs
    boolean features = inputs.singletonOrThrow().getShape().dimension() == 2;
    for (Block block : getChildren().values()) {
      if (first && features) {
        if (!backboneFrozen && training) {
          throw new IllegalStateException(
              "pooled features were given to a network whose backbone is not frozen");
        }
      } else if (first) {
        current = backboneForward(block, parameterStore, inputs, training, params);
      } else {
        current = block.forward(parameterStore, current, training, params);
      }
      first = false;
    }
    return current;
  }

  /** The backbone's pooled features, float32, in this network's compute mode. */
  private NDList backboneForward(
      Block backbone,
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    ComputeMode mode = effectiveCompute();
    NDArray x = inputs.singletonOrThrow();
    if (mode.channelsLast()) {
      x = Layouts.channelsLast(x);
    }
    ParameterStore store = parameterStore;
    boolean bf16 = mode.precision() == Precision.BF16;
    if (bf16) {
      x = DtypeCast.toBf16(x);
      store = new MixedPrecisionStore(parameterStore, x.getManager());
    }
    boolean frozen = backboneFrozen && training;
    // a frozen backbone runs in inference mode (BatchNorm statistics fixed)
    NDList features =
        builtIn && backbone instanceof SequentialBlock stages
            ? stageByStage(stages, store, x, training && !frozen, params)
            : backbone.forward(store, new NDList(x), training && !frozen, params);
    if (bf16) {
      NDList up = new NDList(features.size());
      for (NDArray a : features) {
        up.add(DtypeCast.toFloat32(a));
      }
      features = up;
    }
    if (frozen) {
      // the copy turns a TorchScript module's inference tensors into ordinary ones that the
      // layers above may record for their gradients
      NDList copies = new NDList(features.size());
      for (NDArray a : features) {
        copies.add(a.duplicate());
      }
      features = copies;
    }
    return features;
  }

  /**
   * A sequential backbone's forward pass, one child at a time, freeing each child's intermediate
   * arrays as soon as it has given its output, and each output once the next child has used it. DJL
   * attaches every intermediate array to the batch's manager until the batch closes, which keeps
   * every activation of the pass alive through the backward pass; PyTorch's autograd holds its own
   * references to the tensors its backward needs, so closing the Java handles frees exactly what
   * nothing needs (as in PyTorch's Python API) and lets the backward pass free the rest as it goes.
   * The same arithmetic as {@link SequentialBlock#forward}.
   */
  private static NDList stageByStage(
      SequentialBlock stages,
      ParameterStore store,
      NDArray x,
      boolean training,
      PairList<String, Object> params) {
    NDManager batch = x.getManager();
    NDList current = new NDList(x);
    for (Block child : stages.getChildren().values()) {
      NDList previous = current;
      try (NDManager scope = batch.newSubManager()) {
        for (NDArray a : previous) {
          a.tempAttach(scope);
        }
        current = child.forward(store, previous, training, params);
        for (NDArray a : current) {
          a.attach(batch);
        }
      }
      if (previous.head() != x) {
        for (NDArray a : previous) {
          if (!current.contains(a)) {
            a.close();
          }
        }
      }
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
