package org.arcmetric.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What must not change between an interrupted training run and its {@code --resume}: the network
 * (backbone, embedding dimension d, input channels × height × width), the loss, the training
 * classes in head order, the held-out classes, and whether labels are rotation-augmented (which
 * gives the head 4·C classes) or learnt by a rotation head (its parameters are in the checkpoint).
 * {@link #equals} is the resume check. Immutable.
 */
record RunIdentity(
    String backbone,
    int embeddingDim,
    List<Integer> input,
    String loss,
    List<String> classes,
    List<String> heldOutClasses,
    boolean rotationLabels,
    boolean rotationHead) {

  RunIdentity {
    input = List.copyOf(input);
    classes = List.copyOf(classes);
    heldOutClasses = List.copyOf(heldOutClasses);
  }

  /**
   * The components that differ from {@code now}, as {@code name = this-value but this run has
   * now-value}; empty when the two are equal.
   */
  List<String> differencesFrom(RunIdentity now) {
    List<String> d = new ArrayList<>();
    diff(d, "backbone", backbone, now.backbone);
    diff(d, "embedding_dim", embeddingDim, now.embeddingDim);
    diff(d, "input", input, now.input);
    diff(d, "loss", loss, now.loss);
    diff(d, "classes", classes, now.classes);
    diff(d, "held_out_classes", heldOutClasses, now.heldOutClasses);
    diff(d, "rotation_labels", rotationLabels, now.rotationLabels);
    diff(d, "rotation_head", rotationHead, now.rotationHead);
    return d;
  }

  private static void diff(List<String> out, String name, Object before, Object now) {
    if (!Objects.equals(before, now)) {
      out.add(name + " = " + before + " but this run has " + now);
    }
  }
}
