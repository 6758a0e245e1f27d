package org.arcmetric.model;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.arcmetric.loss.CenterLoss;
import org.arcmetric.loss.ContrastiveLoss;
import org.arcmetric.loss.Distance;
import org.arcmetric.loss.MultiSimilarityLoss;
import org.arcmetric.loss.TripletLoss;

/**
 * The training loss with its hyper-parameters, as written to the {@code loss} object of {@code
 * model.json} ({@code {"name": "arcface", "scale": 30, ...}}). A loss is a head on the embedding
 * ({@link #buildHead}: a margin-softmax head, a linear classifier, or nothing for pair losses) and
 * the DJL {@link Loss} on its output ({@link #buildLoss}). Heads are only used in training;
 * prediction uses the embedding alone. One record per loss; {@link #parse} builds one from
 * command-line style options, with each loss's defaults, and refuses options that do not apply.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "name")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LossConfig.ArcFace.class, name = "arcface"),
  @JsonSubTypes.Type(value = LossConfig.SubCenterArcFace.class, name = "subcenter-arcface"),
  @JsonSubTypes.Type(value = LossConfig.CosFace.class, name = "cosface"),
  @JsonSubTypes.Type(value = LossConfig.SphereFace.class, name = "sphereface"),
  @JsonSubTypes.Type(value = LossConfig.AdaCos.class, name = "adacos"),
  @JsonSubTypes.Type(value = LossConfig.NormFace.class, name = "normface"),
  @JsonSubTypes.Type(value = LossConfig.Softmax.class, name = "softmax"),
  @JsonSubTypes.Type(value = LossConfig.Center.class, name = "center"),
  @JsonSubTypes.Type(value = LossConfig.Contrastive.class, name = "contrastive"),
  @JsonSubTypes.Type(value = LossConfig.Triplet.class, name = "triplet"),
  @JsonSubTypes.Type(value = LossConfig.MultiSimilarity.class, name = "multi-similarity"),
})
public sealed interface LossConfig {
  /** Loss names, in the order users see them. */
  List<String> NAMES =
      List.of(
          "arcface",
          "cosface",
          "sphereface",
          "adacos",
          "subcenter-arcface",
          "normface",
          "softmax",
          "center",
          "contrastive",
          "triplet",
          "multi-similarity");

  /** The loss name ({@code arcface}, ...). */
  String name();

  /** A new head for {@code numClasses} classes. */
  Block build(int numClasses);

  /** The loss on the head's output: softmax cross-entropy unless a pair loss. */
  default Loss buildLoss() {
    return new SoftmaxCrossEntropyLoss("loss");
  }

  /** K images per class in each batch (P × K batches) for pair losses; 0 for plain shuffling. */
  default int imagesPerClass() {
    return 0;
  }

  /** Whether the head outputs class logits (so training accuracy means something). */
  default boolean classifies() {
    return true;
  }

  /** The logit scale s where the loss has one (AdaCos: its starting value), else NaN. */
  default float scaleOrNaN() {
    return Float.NaN;
  }

  /**
   * The default training loss: plain softmax on the embedding. Chosen by the ablation of
   * BENCHMARKS.md section 11: from scratch it converged fastest on both kinds of data measured
   * (Fashion-MNIST and the cluttered colour shapes), where ArcFace (s = 30, m = 0.5) did not train
   * at all on the shapes, and it placed held-out classes as well as the margin heads there.
   */
  String DEFAULT_NAME = "softmax";

  /** The default training loss ({@link #DEFAULT_NAME}). */
  static LossConfig defaultLoss() {
    return new Softmax();
  }

  /** ArcFace with the paper's defaults for small data sets: s = 30, m = 0.5 rad. */
  static LossConfig arcface() {
    return new ArcFace(30f, 0.5f, false);
  }

  /** ArcFace: s·cos(θ + m), m in radians. */
  record ArcFace(float scale, float margin, boolean easyMargin) implements LossConfig {
    @Override
    public String name() {
      return "arcface";
    }

    @Override
    public Block build(int numClasses) {
      return new ArcFaceHead(numClasses, scale, margin, easyMargin);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** Sub-center ArcFace: K centres per class, the class cosine is the max over them. */
  record SubCenterArcFace(float scale, float margin, boolean easyMargin, int subCenters)
      implements LossConfig {
    @Override
    public String name() {
      return "subcenter-arcface";
    }

    @Override
    public Block build(int numClasses) {
      return new ArcFaceHead(numClasses, scale, margin, easyMargin, subCenters);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** CosFace: s·(cos θ − m). */
  record CosFace(float scale, float margin) implements LossConfig {
    @Override
    public String name() {
      return "cosface";
    }

    @Override
    public Block build(int numClasses) {
      return new CosFaceHead(numClasses, scale, margin);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** SphereFace: s·(λ cos θ + ψ(θ))/(1 + λ), integer m, λ annealed. */
  record SphereFace(
      float scale, int margin, float lambdaBase, float lambdaMin, float gamma, float power)
      implements LossConfig {
    @Override
    public String name() {
      return "sphereface";
    }

    @Override
    public Block build(int numClasses) {
      return new SphereFaceHead(numClasses, scale, margin, lambdaBase, lambdaMin, gamma, power);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** AdaCos: no margin, s = √2·ln(C − 1), optionally updated each batch. */
  record AdaCos(boolean dynamic) implements LossConfig {
    @Override
    public String name() {
      return "adacos";
    }

    @Override
    public Block build(int numClasses) {
      return new AdaCosHead(numClasses, dynamic);
    }
  }

  /** NormFace: softmax over s·cos θ, no margin. */
  record NormFace(float scale) implements LossConfig {
    @Override
    public String name() {
      return "normface";
    }

    @Override
    public Block build(int numClasses) {
      return new NormFaceHead(numClasses, scale);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** Plain softmax: a linear classifier on the embedding. */
  record Softmax() implements LossConfig {
    @Override
    public String name() {
      return "softmax";
    }

    @Override
    public Block build(int numClasses) {
      return new LinearSoftmaxHead(numClasses);
    }
  }

  /** Center loss: softmax plus λ·½‖x − c_y‖², centres updated with rate α. */
  record Center(float lambda, float alpha) implements LossConfig {
    @Override
    public String name() {
      return "center";
    }

    @Override
    public Block build(int numClasses) {
      return new CenterLossHead(numClasses);
    }

    @Override
    public Loss buildLoss() {
      return new CenterLoss(lambda, alpha);
    }
  }

  /** Marker of the losses computed on pairs of embeddings in a batch (no head). */
  sealed interface PairLoss extends LossConfig permits Contrastive, Triplet, MultiSimilarity {
    @Override
    default Block build(int numClasses) {
      return Blocks.identityBlock();
    }

    @Override
    default boolean classifies() {
      return false;
    }
  }

  /** Contrastive: [d − m_pos]₊ over positive pairs, [m_neg − d]₊ over negative pairs. */
  record Contrastive(
      String distance, float positiveMargin, float negativeMargin, int imagesPerClass)
      implements PairLoss {
    @Override
    public String name() {
      return "contrastive";
    }

    @Override
    public Loss buildLoss() {
      return new ContrastiveLoss(Distance.parse(distance), positiveMargin, negativeMargin);
    }
  }

  /** Triplet with in-batch mining: [d(a,p) − d(a,n) + m]₊. */
  record Triplet(String distance, float margin, String mining, int imagesPerClass)
      implements PairLoss {
    @Override
    public String name() {
      return "triplet";
    }

    @Override
    public Loss buildLoss() {
      return new TripletLoss(Distance.parse(distance), margin, TripletLoss.Mining.parse(mining));
    }
  }

  /** Multi-similarity with its mining; the paper's α, β, λ, ε. */
  record MultiSimilarity(float alpha, float beta, float base, float epsilon, int imagesPerClass)
      implements PairLoss {
    @Override
    public String name() {
      return "multi-similarity";
    }

    @Override
    public Loss buildLoss() {
      return new MultiSimilarityLoss(alpha, beta, base, epsilon);
    }
  }

  /**
   * Builds the config of loss {@code name} from the options the user gave (option name without
   * dashes → value, e.g. {@code "margin" → 0.3}); options left out take the loss's defaults.
   *
   * @throws IllegalArgumentException for an unknown loss (the message lists the valid ones) or an
   *     option that does not apply to it (the message lists those that do)
   */
  static LossConfig parse(String name, Map<String, Object> given) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    Map<String, Object> o = new LinkedHashMap<>(given);
    o.values().removeIf(v -> v == null || Boolean.FALSE.equals(v));
    Set<String> allowed =
        switch (n) {
          case "arcface" -> Set.of("scale", "margin", "easy-margin");
          case "subcenter-arcface" -> Set.of("scale", "margin", "easy-margin", "sub-centers");
          case "cosface", "sphereface" -> Set.of("scale", "margin");
          case "adacos" -> Set.of("adacos-dynamic");
          case "normface" -> Set.of("scale");
          case "softmax" -> Set.of();
          case "center" -> Set.of("center-lambda", "center-alpha");
          case "contrastive" -> Set.of("distance", "margin", "images-per-class");
          case "triplet" -> Set.of("distance", "margin", "mining", "images-per-class");
          case "multi-similarity" -> Set.of("images-per-class");
          default ->
              throw new IllegalArgumentException(
                  "unknown loss '" + name + "': choose one of " + String.join(", ", NAMES));
        };
    for (String key : o.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            "--"
                + key
                + " does not apply to --loss "
                + n
                + (allowed.isEmpty()
                    ? " (it takes no options)"
                    : "; its options are --"
                        + String.join(", --", allowed.stream().sorted().toList())));
      }
    }
    LossConfig built = build(n, o);
    built.buildLoss(); // validates names such as --distance and --mining now, not at training
    return built;
  }

  private static LossConfig build(String n, Map<String, Object> o) {
    float scale = number(o, "scale", 30f);
    boolean easy = Boolean.TRUE.equals(o.get("easy-margin"));
    return switch (n) {
      case "arcface" -> new ArcFace(scale, number(o, "margin", 0.5f), easy);
      case "subcenter-arcface" ->
          new SubCenterArcFace(
              scale, number(o, "margin", 0.5f), easy, (int) number(o, "sub-centers", 3f));
      case "cosface" -> new CosFace(scale, number(o, "margin", 0.35f));
      case "sphereface" -> {
        float m = number(o, "margin", 4f);
        if (m != Math.rint(m)) {
          throw new IllegalArgumentException(
              "SphereFace's --margin is an integer (e.g. 4), got " + m);
        }
        yield new SphereFace(scale, (int) m, 1000f, 5f, 0.12f, 1f);
      }
      case "adacos" -> new AdaCos(Boolean.TRUE.equals(o.get("adacos-dynamic")));
      case "normface" -> new NormFace(scale);
      case "center" ->
          new Center(number(o, "center-lambda", 0.01f), number(o, "center-alpha", 0.5f));
      case "contrastive" ->
          new Contrastive(
              text(o, "distance", "cosine"), 0f, number(o, "margin", 0.5f), imagesPerClass(o));
      case "triplet" ->
          new Triplet(
              text(o, "distance", "cosine"),
              number(o, "margin", 0.2f),
              text(o, "mining", "batch-hard"),
              imagesPerClass(o));
      case "multi-similarity" -> new MultiSimilarity(2f, 50f, 0.5f, 0.1f, imagesPerClass(o));
      default -> new Softmax();
    };
  }

  private static String text(Map<String, Object> o, String key, String fallback) {
    Object v = o.get(key);
    return v == null ? fallback : v.toString().trim().toLowerCase(Locale.ROOT);
  }

  private static int imagesPerClass(Map<String, Object> o) {
    int k = (int) number(o, "images-per-class", 4f);
    if (k < 2) {
      throw new IllegalArgumentException(
          "--images-per-class must be at least 2: pair losses need two images of a class in a"
              + " batch");
    }
    return k;
  }

  private static float number(Map<String, Object> o, String key, float fallback) {
    Object v = o.get(key);
    return v == null ? fallback : ((Number) v).floatValue();
  }
}
