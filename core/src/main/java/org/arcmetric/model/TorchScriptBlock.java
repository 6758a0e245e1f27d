package org.arcmetric.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A TorchScript module as a trainable DJL block: DJL's {@link PtSymbolBlock} with two changes that
 * training needs.
 *
 * <ul>
 *   <li>It is loaded with autograd enabled (DJL's {@code trainParam=true}); without that,
 *       BatchNorm's in-place update of {@code num_batches_tracked} fails on an inference tensor.
 *   <li>The module's train/eval mode is set from each call's {@code training} flag, also on the
 *       first call after {@link #loadParameters} replaced the module (DJL's block remembers the
 *       mode of the module it had before, which the loaded one need not share).
 * </ul>
 *
 * Saving writes the whole module (code and weights) into the model's {@code .params} file, so a
 * model folder needs no other file; loading reads it back into a placeholder made by {@link
 * #placeholder}. Not thread-safe for training; prediction through separate predictors is as safe as
 * DJL's own {@code PtSymbolBlock}.
 */
public final class TorchScriptBlock extends PtSymbolBlock {
  private Boolean moduleTraining;

  private TorchScriptBlock(PtNDManager manager, long handle) {
    super(manager, handle);
  }

  private TorchScriptBlock(PtNDManager manager) {
    super(manager);
  }

  /** Loads a scripted module from {@code file}, trainable, attached to {@code manager}. */
  static TorchScriptBlock load(NDManager manager, Path file) {
    PtSymbolBlock loaded =
        JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0], true);
    // take over the native module: DJL's block was only its holder, and the manager now holds
    // this block under the same key in its place
    return new TorchScriptBlock((PtNDManager) manager, loaded.getHandle());
  }

  /** An empty block to load a saved module into ({@code Model.load} fills it). */
  static TorchScriptBlock placeholder(NDManager manager) {
    return new TorchScriptBlock((PtNDManager) manager);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (moduleTraining == null || moduleTraining != training) {
      if (training) {
        JniUtils.enableTrainingMode(this);
      } else {
        JniUtils.enableInferenceMode(this);
      }
      moduleTraining = training;
    }
    return IValueUtils.forward(this, inputs, training);
  }

  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    super.loadParameters(manager, is);
    moduleTraining = null;
  }
}
