package org.arcmetric.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.arcmetric.data.Augmentation;

/**
 * What is trained on and how it is varied. Immutable.
 *
 * @param source how the data was given ({@code --data}'s spec or folder); null until a run records
 *     it
 * @param augmentation the augmentation preset
 * @param seed the seed of splits, initialisation, shuffling and augmentation
 * @param featureViews views of each training image whose frozen-backbone features are computed once
 *     (the image and {@code featureViews − 1} augmented copies; 0: none computed once)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataOptions(String source, Augmentation augmentation, long seed, int featureViews) {

  /** The same options, recording where the data came from. */
  public DataOptions withSource(String s) {
    return new DataOptions(s, augmentation, seed, featureViews);
  }
}
