package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code model.json}'s {@code training}: what the model was trained on, with which options, how it
 * ended. Flat in JSON (snake-case keys), as earlier versions wrote it; options added later are null
 * in older folders. Immutable.
 *
 * @param data how the data was given
 * @param trainImages images trained on
 * @param valImages validation images of the training classes
 * @param heldOutClasses classes kept out of training (validation only)
 * @param epochsCompleted epochs trained
 * @param epochs the {@code epochs} option
 * @param batchSize images per batch
 * @param optimizer {@code adam}, {@code adamw} or {@code sgd}
 * @param learningRate peak learning rate
 * @param weightDecay L2 weight decay
 * @param momentum SGD momentum (SGD only)
 * @param warmupEpochs linear learning-rate warm-up, in epochs
 * @param lrSchedule the schedule, in words
 * @param augmentation the augmentation preset
 * @param valFraction fraction of each training class held for validation
 * @param valClasses number of held-out classes asked for
 * @param valShots enrolled images per held-out class in validation
 * @param k neighbours voting in validation
 * @param seed the random seed
 * @param headLrFactor the head's learning rate relative to the backbone's
 * @param marginWarmupEpochs epochs over which the margin m grows from 0
 * @param softmaxWarmupEpochs epochs a margin head first trained as plain softmax (absent: none)
 * @param features the feature tap, with {@code +cl2n} when centred
 * @param rotationLabels whether labels were rotation-augmented (4·C head classes)
 * @param keepBest whether the best epoch by held-out classes was kept
 * @param rotationClassTerm with rotation labels: whether the class-marginal term was added
 * @param rotationHeadWeight λ of the auxiliary rotation head (absent: none)
 * @param convergence the convergence guard's verdict on the last epoch (null without validation)
 * @param keptEpoch with {@code keepBest}: the epoch that ships
 * @param keptEpochValNewClassCentroidAccuracy that epoch's held-out centroid accuracy
 * @param freezeBackboneEpochs epochs at the start with the backbone frozen (absent: none)
 * @param backboneLrFactor the backbone's learning rate relative to the base rate (absent: 1)
 * @param cachedFeatures the frozen epochs that trained on features computed once (absent: none)
 * @param zcaShrinkage whitened features: the whitening's shrinkage ε / (tr Σ / d) (absent: not
 *     whitened, or a model from before it was recorded, whitened at 0.01)
 * @param zcaBetweenWeight whitened features: β of the whitening's Σ_w + β·Σ_b (absent: not
 *     whitened, or a model from before it was recorded, β = 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSummary(
    String data,
    Integer trainImages,
    Integer valImages,
    List<String> heldOutClasses,
    Integer epochsCompleted,
    Integer epochs,
    Integer batchSize,
    String optimizer,
    Float learningRate,
    Float weightDecay,
    Float momentum,
    Float warmupEpochs,
    String lrSchedule,
    String augmentation,
    Double valFraction,
    Integer valClasses,
    Integer valShots,
    Integer k,
    Long seed,
    Float headLrFactor,
    Float marginWarmupEpochs,
    Float softmaxWarmupEpochs,
    String features,
    Boolean rotationLabels,
    Boolean keepBest,
    Boolean rotationClassTerm,
    Float rotationHeadWeight,
    Convergence convergence,
    Integer keptEpoch,
    Double keptEpochValNewClassCentroidAccuracy,
    Integer freezeBackboneEpochs,
    Float backboneLrFactor,
    Double zcaShrinkage,
    Double zcaBetweenWeight,
    CachedFeatures cachedFeatures) {

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
    row(rows, "data", data);
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
