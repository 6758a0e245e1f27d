package org.arcmetric.model;

import java.util.List;

/**
 * Which training head (loss) sits on the embedding, with its hyper-parameters, as written to {@code
 * model.json}. The head is only used in training; prediction uses the embedding alone.
 *
 * @param name the loss name ({@code arcface})
 * @param scale s, the logit scale
 * @param margin m, the additive angular margin in radians
 * @param easyMargin ArcFace's easy-margin variant
 */
public record HeadConfig(String name, float scale, float margin, boolean easyMargin) {
  /** Loss names this version can train. */
  public static final List<String> NAMES = List.of("arcface");

  public HeadConfig {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown loss '" + name + "': choose one of " + String.join(", ", NAMES));
    }
  }

  /** ArcFace with the paper's defaults for small data sets: s = 30, m = 0.5 rad. */
  public static HeadConfig arcface() {
    return new HeadConfig("arcface", 30f, 0.5f, false);
  }

  /** A new head for {@code numClasses} classes. */
  public MarginHead build(int numClasses) {
    return new ArcFaceHead(numClasses, scale, margin, easyMargin);
  }
}
