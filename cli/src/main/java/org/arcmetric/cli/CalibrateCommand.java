package org.arcmetric.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.arcmetric.classify.Calibrator;
import org.arcmetric.classify.Classifier;
import org.arcmetric.data.ImageSet;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Gallery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric gallery calibrate}: sets the gallery's unknown thresholds from data. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Set the gallery's 'unknown' thresholds from labelled validation images (not the enrolled",
      "ones): a global and per-class thresholds for a target false-accept rate, or for the best",
      "F1. Images of classes the gallery lacks count as impostors, as wrong answers do. predict",
      "uses the thresholds by default and reports the estimated false-accept rate of each answer."
    })
final class CalibrateCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Mixin ModelGalleryOptions folders;

  @Option(names = "--data", required = true, paramLabel = "SPEC")
  String data;

  @Option(
      names = "--target-far",
      defaultValue = "0.01",
      description = "False-accept rate to aim at (default: ${DEFAULT-VALUE}).")
  double targetFar;

  @Option(
      names = "--max-false-reject",
      paramLabel = "R",
      description =
          "With a target FAR: never turn away more than this fraction of the calibration images'"
              + " right answers; a threshold that would is lowered, its false-accept rate reported"
              + " (1: no cap; default: ${DEFAULT-VALUE}).")
  double maxFalseReject = Calibrator.DEFAULT_MAX_FALSE_REJECT;

  @Option(names = "--best-f1", description = "Maximise F1 instead of aiming at a FAR.")
  boolean bestF1;

  @Option(
      names = "--mode",
      defaultValue = "centroid",
      description = "Classifier the thresholds are for (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--k", defaultValue = "5", description = "k-NN neighbours (default: 5).")
  int k;

  @Option(
      names = "--knn-prior",
      defaultValue = "uniform",
      paramLabel = "PRIOR",
      description =
          "knn mode: uniform (each vote divided by its class's entry count) or gallery (the plain"
              + " vote); recorded with the thresholds (default: ${DEFAULT-VALUE}).")
  String knnPrior;

  @Option(names = "--skip-bad-images", description = Flags.SKIP_BAD_IMAGES_HELP)
  boolean skipBadImages;

  @Override
  public Integer call() throws Exception {
    if (k < 1) {
      throw new IllegalArgumentException("--k must be at least 1");
    }
    Classifier.Mode m = Classifier.Mode.parse(mode);
    ClassPrior prior = ClassPrior.parse(knnPrior);
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    try (EmbeddingModel em = EmbeddingModel.load(folders.model);
        Gallery g = Workspace.openGalleryFor(em, folders.model, folders.gallery)) {
      ImageSet images = Inputs.load(data, null, em.inputShape(), skipBadImages, List.of(), err);
      // an enrolled image would match itself with similarity 1: leave such images out
      ExactIndex snapshot = g.snapshot();
      Set<String> enrolled = new HashSet<>();
      for (int i = 0; i < snapshot.size(); i++) {
        enrolled.add(snapshot.source(i));
      }
      List<Integer> keep = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        if (!enrolled.contains(images.source(i))) {
          keep.add(i);
        }
      }
      if (keep.size() < images.size()) {
        err.printf(
            "left out %d images that are enrolled in the gallery (they would match themselves)%n",
            images.size() - keep.size());
      }
      if (keep.isEmpty()) {
        throw new IllegalArgumentException(
            "every image of " + data + " is enrolled in the gallery: calibrate with other images");
      }
      ImageSet val = images.subset(keep.stream().mapToInt(Integer::intValue).toArray());
      float[][] vectors;
      try (Embedder e = em.newEmbedder()) {
        vectors = e.embed(val);
      }
      Calibration c =
          Calibrator.calibrate(
              g,
              m,
              k,
              prior,
              vectors,
              val.labels(),
              bestF1 ? Double.NaN : targetFar,
              maxFalseReject,
              g.stats());
      g.setCalibration(c);
      int unknownQueries = 0;
      Set<String> classes = g.labelCounts().keySet();
      for (String l : val.labels()) {
        unknownQueries += classes.contains(l) ? 0 : 1;
      }
      out.printf(
          Locale.ROOT,
          "calibrated %s on %d images (%d of classes not in the gallery): %d right answers and %d"
              + " impostor scores (%d of them from each class left out of the gallery in turn)%n",
          folders.gallery,
          val.size(),
          unknownQueries,
          c.genuine(),
          c.impostors(),
          c.unseenImpostors() == null ? 0 : c.unseenImpostors());
      out.printf(
          Locale.ROOT,
          "%s: global threshold %.4f (estimated FAR %.4f); %d classes have their own threshold%n",
          bestF1 ? "best F1" : "target FAR " + targetFar,
          c.global(),
          c.estimatedFar(c.global()),
          c.perClass().size());
      c.perClass().forEach((l, t) -> out.printf(Locale.ROOT, "  %-20s %.4f%n", l, t));
      if (c.maxFalseReject() != null && c.estimatedFar(c.global()) > targetFar) {
        out.printf(
            Locale.ROOT,
            "the false-accept rate is above the target: the threshold was lowered to turn away at"
                + " most %.0f%% of the right answers (--max-false-reject %s; 1 keeps the target"
                + " FAR whatever it rejects)%n",
            100 * c.maxFalseReject(),
            c.maxFalseReject());
      }
      if (c.falseRejectRate() != null) {
        out.printf(
            Locale.ROOT,
            "images of the gallery's classes: %.1f%% accepted with their class, %.1f%% answered"
                + " unknown (false rejects)%n",
            100 * c.acceptedRight(),
            100 * c.falseRejectRate());
      }
      String few = Calibrator.tooFewImpostors(c);
      if (few != null) {
        err.println("warning: " + few);
      }
      String rejects = Calibrator.tooManyRejected(c);
      if (rejects != null) {
        err.println("warning: " + rejects);
      }
    }
    return Main.OK;
  }
}
