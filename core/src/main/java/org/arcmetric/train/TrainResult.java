package org.arcmetric.train;

import java.nio.file.Path;
import java.util.List;
import org.arcmetric.model.EpochMetrics;
import org.arcmetric.model.ModelInfo;

/**
 * A finished training run.
 *
 * @param modelDir the model folder written
 * @param info its {@code model.json}
 * @param epochs the epoch records of this run (resumed runs: only the epochs run now)
 */
public record TrainResult(Path modelDir, ModelInfo info, List<EpochMetrics> epochs) {}
