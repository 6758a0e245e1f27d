package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.config.DataOptions;
import org.arcmetric.config.Experimental;
import org.arcmetric.config.Optimisation;
import org.arcmetric.config.Validation;
import org.arcmetric.features.FeatureChoice;

/**
 * {@code model.json}'s {@code training} (format version 2): the recipe's records as the run
 * resolved them, serialised as they are, and what happened ({@link TrainingRun}). With the model's
 * own fields ({@code backbone}, {@code input}, {@code normalization}, {@code embedding_dim}, {@code
 * loss}, {@code compute}) it is the whole recipe: {@code train --config MODEL/model.json} trains
 * the same model again. Version-1 files, whose {@code training} was one flat object, are read into
 * this shape ({@link ModelFolder#readInfo}). Immutable.
 *
 * @param optimisation epochs, optimiser, learning rates and schedules (resolved: the epochs run,
 *     the frozen epochs, the softmax warm start)
 * @param data the data's source, augmentation, seed and cached feature views
 * @param validation what was held out and how it was scored
 * @param features what the model outputs once the head is dropped, as chosen (the measured centre
 *     and whitening are the top-level {@code features})
 * @param experimental research knobs (absent: none set)
 * @param run what happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRecord(
    Optimisation optimisation,
    DataOptions data,
    Validation validation,
    FeatureChoice features,
    Experimental experimental,
    TrainingRun run) {

  /** The rows a report shows of it: name in words, value; only those that are set. */
  public List<List<String>> reportRows() {
    List<List<String>> rows = new ArrayList<>();
    if (data != null && data.source() != null) {
      rows.add(List.of("data", data.source()));
    }
    if (run != null) {
      rows.addAll(run.reportRows());
    }
    return rows;
  }
}
