package org.arcmetric.train;

import java.util.ArrayList;
import java.util.List;
import org.arcmetric.data.Normalization;

/**
 * {@code checkpoints/latest.json}: which checkpoint folder is the last complete one, after which
 * epoch, and what is needed to resume from it — the {@link RunIdentity} to check against and the
 * input normalisation measured when the run began (a resumed run keeps it rather than measuring the
 * data again). Flat in JSON, as earlier versions wrote it; a pointer written before rotation labels
 * existed has no {@code rotation_labels} and means false, and one without {@code rotation_head} had
 * none. Immutable.
 *
 * @param epoch epochs completed, 1-based
 * @param path the checkpoint folder, relative to {@code checkpoints/}
 */
record CheckpointPointer(
    String backbone,
    int embeddingDim,
    List<Integer> input,
    String loss,
    List<String> classes,
    List<String> heldOutClasses,
    Boolean rotationLabels,
    Boolean rotationHead,
    List<Float> normalizationMean,
    List<Float> normalizationStd,
    int epoch,
    String path) {

  /** A pointer for {@code run} with normalisation {@code n}, not yet at any epoch. */
  static CheckpointPointer of(RunIdentity run, Normalization n) {
    return new CheckpointPointer(
        run.backbone(),
        run.embeddingDim(),
        run.input(),
        run.loss(),
        run.classes(),
        run.heldOutClasses(),
        run.rotationLabels(),
        run.rotationHead() ? Boolean.TRUE : null,
        toList(n.mean()),
        toList(n.std()),
        0,
        null);
  }

  /** This pointer naming checkpoint folder {@code folder}, written after {@code epochsDone}. */
  CheckpointPointer at(int epochsDone, String folder) {
    return new CheckpointPointer(
        backbone,
        embeddingDim,
        input,
        loss,
        classes,
        heldOutClasses,
        rotationLabels,
        rotationHead,
        normalizationMean,
        normalizationStd,
        epochsDone,
        folder);
  }

  RunIdentity identity() {
    return new RunIdentity(
        backbone,
        embeddingDim,
        input == null ? List.of() : input,
        loss,
        classes == null ? List.of() : classes,
        heldOutClasses == null ? List.of() : heldOutClasses,
        Boolean.TRUE.equals(rotationLabels),
        Boolean.TRUE.equals(rotationHead));
  }

  Normalization normalization() {
    return new Normalization(toArray(normalizationMean), toArray(normalizationStd));
  }

  private static List<Float> toList(float[] a) {
    List<Float> l = new ArrayList<>(a.length);
    for (float f : a) {
      l.add(f);
    }
    return l;
  }

  private static float[] toArray(List<Float> l) {
    float[] a = new float[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
