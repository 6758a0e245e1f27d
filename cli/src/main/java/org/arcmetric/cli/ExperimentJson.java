package org.arcmetric.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.arcmetric.experiment.Accuracies;
import org.arcmetric.experiment.NewClassExperiment;

/**
 * One new-class experiment as {@code demo --json} and {@code compare-losses --json} print it: the
 * classes, the model's {@link Accuracies} (flat, beside the classes), the baseline's beside them,
 * where the model and gallery were written, and — per command — the report, or the loss and seed of
 * the run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentJson(
    List<String> trainedClasses,
    List<String> newClasses,
    int shotsPerNewClass,
    @JsonUnwrapped Accuracies accuracies,
    int testImages,
    double trainSeconds,
    String model,
    String gallery,
    Baseline baseline,
    String report,
    String loss,
    Long seed) {

  /** The raw-pixel baseline's accuracies, named. */
  public record Baseline(String name, @JsonUnwrapped Accuracies accuracies) {}

  public static ExperimentJson of(NewClassExperiment.Result r) {
    return new ExperimentJson(
        r.trainedClasses(),
        r.newClasses(),
        r.shots(),
        Accuracies.of(r.model(), r),
        r.model().knn().images(),
        r.trainSeconds(),
        r.modelDir().toString(),
        r.galleryDir().toString(),
        new Baseline("pixels", Accuracies.of(r.pixels(), r)),
        null,
        null,
        null);
  }

  ExperimentJson withReport(String path) {
    return with(path, loss, seed);
  }

  public ExperimentJson withRun(String lossName, long runSeed) {
    return with(report, lossName, runSeed);
  }

  private ExperimentJson with(String reportPath, String lossName, Long runSeed) {
    return new ExperimentJson(
        trainedClasses,
        newClasses,
        shotsPerNewClass,
        accuracies,
        testImages,
        trainSeconds,
        model,
        gallery,
        baseline,
        reportPath,
        lossName,
        runSeed);
  }
}
