package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code model.json}'s {@code training.run}: what happened when the recipe ran — facts, not choices
 * (a config file that names them is read and they are ignored). Immutable.
 *
 * @param trainImages images trained on
 * @param valImages validation images of the training classes
 * @param heldOutClasses classes kept out of training (validation only)
 * @param epochsCompleted epochs trained
 * @param lrSchedule the learning-rate schedule, in words
 * @param convergence the convergence guard's verdict on the last epoch (null without validation)
 * @param keptEpoch with {@code keep_best}: the epoch that ships
 * @param keptEpochValNewClassCentroidAccuracy that epoch's held-out centroid accuracy
 * @param cachedFeatures the frozen epochs that trained on features computed once (absent: none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRun(
    Integer trainImages,
    Integer valImages,
    List<String> heldOutClasses,
    Integer epochsCompleted,
    String lrSchedule,
    Convergence convergence,
    Integer keptEpoch,
    Double keptEpochValNewClassCentroidAccuracy,
    CachedFeatures cachedFeatures) {

  /**
   * Its keys in {@code model.json}, which version 1 wrote flat in {@code training} beside the
   * options (a config file names them as facts, not choices).
   */
  public static final List<String> KEYS =
      List.of(
          "train_images",
          "val_images",
          "held_out_classes",
          "epochs_completed",
          "lr_schedule",
          "convergence",
          "kept_epoch",
          "kept_epoch_val_new_class_centroid_accuracy",
          "cached_features");

  /** The learning-rate schedule every run follows, as {@link #lrSchedule} says it. */
  public static final String LR_SCHEDULE =
      "linear warm-up, then cosine decay to 1% of the learning rate";

  /**
   * The epochs that trained on a frozen backbone's features computed once.
   *
   * @param views views per training image (the image and {@code views − 1} augmented copies)
   * @param epochs how many epochs used them (the frozen ones)
   * @param seconds how long computing them took (0 when read from the cache)
   */
  public record CachedFeatures(int views, int epochs, double seconds) {}

  /** The rows a report shows of it: name in words, value; only those that are set. */
  public List<List<String>> reportRows() {
    List<List<String>> rows = new ArrayList<>();
    row(rows, "train images", trainImages);
    row(rows, "val images", valImages);
    row(rows, "epochs completed", epochsCompleted);
    row(rows, "held out classes", heldOutClasses);
    return rows;
  }

  private static void row(List<List<String>> rows, String name, Object value) {
    if (value != null) {
      rows.add(List.of(name, String.valueOf(value)));
    }
  }
}
