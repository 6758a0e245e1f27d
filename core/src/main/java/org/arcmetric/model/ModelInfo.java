package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;

/**
 * The contents of a model folder's {@code model.json}: everything needed to rebuild and feed the
 * embedding network, what it was trained on and how, its final metrics, and the SHA-256 fingerprint
 * of its weights (galleries record it to refuse a different model).
 *
 * @param formatVersion version of this file's layout
 * @param backbone backbone name ({@link Backbone#cliName()})
 * @param embeddingDim d
 * @param input input shape (channels, height, width)
 * @param normalization input normalisation
 * @param classes the training classes, in head order
 * @param loss the training head and its hyper-parameters
 * @param training data summary and training options
 * @param metrics final metrics (last epoch's validation)
 * @param fingerprint {@code sha256:HEX} of the weights file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
    int formatVersion,
    String backbone,
    int embeddingDim,
    InputShape input,
    Normalization normalization,
    List<String> classes,
    LossConfig loss,
    Map<String, Object> training,
    Map<String, Object> metrics,
    String fingerprint) {

  public static final int FORMAT_VERSION = 1;

  /** The network specification stored in this file. */
  public ModelSpec spec() {
    return new ModelSpec(Backbone.parse(backbone), embeddingDim, input, normalization);
  }
}
