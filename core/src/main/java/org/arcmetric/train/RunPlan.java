package org.arcmetric.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.StratifiedSplit;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.options.DataException;
import org.arcmetric.options.InvalidOptionException;

/**
 * How a training run splits its data: a pure function of the data and the options (so, of the
 * seed). The held-out classes ({@code valClasses} drawn by the seed, or {@code valClassNames}) are
 * kept out of training and enrolled with {@code valShots} images to measure new-class accuracy; the
 * other classes' images are split by {@code valFraction} into training and validation; the
 * validation gallery (up to {@code valGalleryLimit} training images spread over the classes, plus
 * the held-out shots) is what validation images are classified through each epoch. Immutable.
 *
 * @param heldOutClasses the classes kept out of training, sorted
 * @param train the images trained on
 * @param validation validation images of the training classes
 * @param newClassQueries queries of the held-out classes (at most {@value #NEW_CLASS_QUERY_LIMIT})
 * @param validationGallery what validation images are classified through
 * @param classes the training classes, in head order
 * @param epochs the epochs to train: those given, or the default for this many training images
 *     ({@link TrainConfig#epochsFor})
 * @param warnings what the user should know before the run starts (field names in braces, as in
 *     {@link InvalidOptionException}): classes too small to validate
 */
public record RunPlan(
    List<String> heldOutClasses,
    ImageSet train,
    ImageSet validation,
    ImageSet newClassQueries,
    ImageSet validationGallery,
    List<String> classes,
    int epochs,
    List<String> warnings) {
  /** Most held-out queries classified per epoch, over all held-out classes. */
  public static final int NEW_CLASS_QUERY_LIMIT = 2000;

  /**
   * The plan for {@code data} (already at the model's input size) under {@code config}.
   *
   * @throws InvalidOptionException when the options leave too little to train on
   */
  public static RunPlan of(ImageSet data, TrainConfig config) {
    List<String> held = heldOutClasses(data.classes(), config);
    StratifiedSplit.Parts split =
        StratifiedSplit.split(
            data.withoutClasses(held), config.validation().valFraction(), config.seed());
    ImageSet train = split.first();
    ImageSet val = split.second();
    StratifiedSplit.Parts shots =
        StratifiedSplit.takePerClass(
            data.withClasses(held), config.validation().valShots(), config.seed());
    ImageSet newClassQueries =
        held.isEmpty()
            ? shots.second()
            : StratifiedSplit.takePerClass(
                    shots.second(), Math.max(1, NEW_CLASS_QUERY_LIMIT / held.size()), config.seed())
                .first();
    List<String> classes = train.classes();
    if (classes.size() < 2) {
      throw new DataException(
          "the training data has "
              + classes.size()
              + (classes.isEmpty() ? " classes" : " class (" + classes.get(0) + ")")
              + " to train on; training needs at least 2 (one sub-folder per class)");
    }
    if (train.size() < 2) {
      throw new DataException(
          "too few training images: " + train.size() + " (at least 2 are needed)");
    }
    ImageSet gallery =
        StratifiedSplit.takePerClass(
                train, Math.max(1, config.valGalleryLimit() / classes.size()), config.seed())
            .first()
            .concat(shots.first());
    if (config.loss().imagesPerClass() > 0) {
      train
          .counts()
          .forEach(
              (label, count) -> {
                if (count < 2) {
                  throw new DataException(
                      "class '"
                          + label
                          + "' has "
                          + count
                          + " training image: {loss} "
                          + config.loss().name()
                          + " learns from pairs of images of one class, so every class needs at"
                          + " least 2 (classes with fewer than {imagesPerClass} are sampled with"
                          + " replacement); add images or leave the class out with {classes}");
                }
              });
    }
    int epochs = config.epochsFor(train.size());
    InvalidOptionException.require(
        !config.freezeChosen() || config.optimisation().freezeBackboneEpochs() <= epochs,
        "{freezeBackboneEpochs} is "
            + config.optimisation().freezeBackboneEpochs()
            + " but the run has "
            + epochs
            + " epochs (the default for "
            + train.size()
            + " training images at a {batchSize} of "
            + config.optimisation().batchSize()
            + "): give {epochs} of at least "
            + config.optimisation().freezeBackboneEpochs()
            + " or freeze fewer");
    return new RunPlan(
        held,
        train,
        val,
        newClassQueries,
        gallery,
        classes,
        epochs,
        warnings(config, epochs, train, val));
  }

  private static List<String> warnings(
      TrainConfig config, int epochs, ImageSet train, ImageSet val) {
    List<String> w = new ArrayList<>();
    if (config.backbone() instanceof BackboneRef.External ext
        && config.freezeChosen()
        && config.optimisation().freezeBackboneEpochs() < epochs) {
      w.add(
          "an "
              + ext.name()
              + " {backbone} is always frozen: {freezeBackboneEpochs} "
              + config.optimisation().freezeBackboneEpochs()
              + " is ignored (export the network as TorchScript to fine-tune it)");
    }
    if (config.validation().valFraction() > 0) {
      w.addAll(unvalidated(train, val));
    }
    return List.copyOf(w);
  }

  /**
   * A warning when classes have no validation image (a class of one image keeps it for training):
   * with none validated at all, validation accuracy and the guards that read it say nothing.
   */
  static List<String> unvalidated(ImageSet train, ImageSet val) {
    Map<String, Integer> validated = val.counts();
    List<String> none =
        train.classes().stream().filter(c -> validated.getOrDefault(c, 0) == 0).toList();
    if (none.isEmpty()) {
      return List.of();
    }
    String which =
        none.size() <= 3
            ? " (" + String.join(", ", none) + ")"
            : " (" + String.join(", ", none.subList(0, 3)) + ", …)";
    if (val.size() == 0) {
      return List.of(
          "no class has an image to spare for validation"
              + " (each needs at least 2): validation accuracy, {keepBest} and the convergence"
              + " guard have nothing to measure, and the model is trained blind; give each class"
              + " more images");
    }
    return List.of(
        none.size()
            + " of "
            + train.classes().size()
            + " classes have a single image"
            + which
            + ": they are trained on but never validated; give each class at least 2 images");
  }

  /** The held-out classes of {@code classes} under {@code config}, sorted. */
  static List<String> heldOutClasses(List<String> classes, TrainConfig config) {
    if (!config.validation().valClassNames().isEmpty()) {
      for (String c : config.validation().valClassNames()) {
        if (!classes.contains(c)) {
          throw new DataException(
              "held-out class '" + c + "' is not in the data; its classes are " + classes);
        }
      }
      if (classes.size() - config.validation().valClassNames().size() < 2) {
        throw new InvalidOptionException(
            "holding out those classes leaves fewer than 2 to train on");
      }
      return config.validation().valClassNames().stream().sorted().toList();
    }
    int n = config.validation().valClasses();
    if (n == 0) {
      return List.of();
    }
    if (classes.size() - n < 2) {
      throw new InvalidOptionException(
          "{valClasses} "
              + n
              + " leaves "
              + (classes.size() - n)
              + " classes to train on; the data has "
              + classes.size()
              + " classes and training needs at least 2");
    }
    List<String> shuffled = new ArrayList<>(classes);
    Collections.shuffle(shuffled, new Random(config.seed()));
    List<String> held = new ArrayList<>(shuffled.subList(0, n));
    Collections.sort(held);
    return held;
  }
}
