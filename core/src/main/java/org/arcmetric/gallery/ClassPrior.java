package org.arcmetric.gallery;

import org.arcmetric.options.Choices;

/**
 * How the k-NN vote ({@code classify.KnnClassifier}) weighs classes that hold different numbers of
 * gallery entries. The vote of the k nearest entries estimates p(c | x) ∝ p(c) · k_c / n_c, where
 * k_c of the k neighbours are of class c and n_c is the class's entry count; the prior p(c) is the
 * choice here.
 *
 * <p>The product's use is a gallery grown by enrolling a few images of a new class beside classes
 * with hundreds: there the count of entries says how many images someone enrolled, not how often
 * the class is seen, so the default is {@link #UNIFORM}. On a gallery whose classes hold equal
 * counts both priors give the same answers.
 */
public enum ClassPrior {
  /**
   * Every class equally likely: each vote (its cosine) is divided by its class's entry count n_c,
   * so 300 entries of one class do not outvote 10 of a class just enrolled. The default.
   */
  UNIFORM,
  /**
   * Classes as likely as their share of the gallery: the plain similarity-weighted vote, in which a
   * class with more entries near the query wins more often.
   */
  GALLERY;

  /** The default: {@link #UNIFORM}. */
  public static final ClassPrior DEFAULT = UNIFORM;

  /** The name users type and JSON records: {@code uniform} or {@code gallery}. */
  public String label() {
    return Choices.kebab(this);
  }

  /** {@code uniform} or {@code gallery}; anything else is refused naming {@code knnPrior}. */
  public static ClassPrior parse(String s) {
    return Choices.parse(ClassPrior.class, s, "knnPrior");
  }
}
