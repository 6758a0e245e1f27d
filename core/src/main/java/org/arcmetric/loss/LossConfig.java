package org.arcmetric.loss;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.options.Numbers;

/**
 * The training loss with its hyper-parameters, as written to the {@code loss} object of {@code
 * model.json} ({@code {"name": "arcface", "scale": 30, ...}}). A loss is a head on the embedding
 * ({@link #build}: a margin-softmax head, a linear classifier, or nothing for pair losses) and the
 * DJL {@link Loss} on its output ({@link #buildLoss}). Heads are only used in training; prediction
 * uses the embedding alone. One record per loss; {@link #parse} builds one from command-line style
 * options, with each loss's defaults, and refuses options that do not apply.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "name")
@JsonTypeIdResolver(LossRegistry.TypeIds.class)
public sealed interface LossConfig {
  /** Loss names, in the order users see them ({@link LossRegistry}). */
  List<String> NAMES = LossRegistry.names();

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

  /**
   * The training listeners this loss's {@code head} (made by {@link #build}) needs, so the trainer
   * wires them without knowing head classes: a {@link MarginHead}'s softmax warm start and margin
   * ramp ({@link MarginSchedule}) when {@code schedule} asks for either. SphereFace adds its λ
   * schedule.
   *
   * @param startStep training steps already done (a resumed run continues from there)
   * @param softmaxSteps steps of plain softmax before the cosine head; 0 for none
   * @param marginWarmupSteps steps over which the margin then grows from 0 to m; 0 for none
   * @throws InvalidOptionException naming {@code marginWarmupEpochs} or {@code softmaxWarmupEpochs}
   *     for a head that is not a cosine (margin) head
   */
  default List<TrainingListener> trainingListeners(
      Block head, long startStep, long softmaxSteps, long marginWarmupSteps) {
    if (marginWarmupSteps <= 0 && softmaxSteps <= 0) {
      return List.of();
    }
    if (!(head instanceof MarginHead margin)) {
      throw new InvalidOptionException(
          (marginWarmupSteps > 0 ? "{marginWarmupEpochs}" : "{softmaxWarmupEpochs}")
              + " applies to margin heads, not to {loss} "
              + name());
    }
    return List.of(
        new MarginSchedule(
            margin, Math.max(0, softmaxSteps), Math.max(0, marginWarmupSteps), startStep));
  }

  /**
   * Whether the head adds a margin m to the target logit (ArcFace, sub-centre ArcFace, the combined
   * margin, CosFace, SphereFace): such a head gets the softmax warm start by default and the
   * convergence guard's margin advice. False for the rest, including the cosine heads without a
   * margin (NormFace, AdaCos).
   */
  default boolean hasMargin() {
    return false;
  }

  /**
   * The loss as a person reads it in a message: its name and its numeric options, from the record's
   * own components (so a new loss needs no entry here), the scale and margin written s and m as in
   * the papers, e.g. {@code arcface, s = 30, m = 0.5}.
   */
  default String describe() {
    StringBuilder sb = new StringBuilder(name());
    if (getClass().isRecord()) {
      for (RecordComponent c : getClass().getRecordComponents()) {
        String key =
            switch (c.getName()) {
              case "scale" -> "s";
              case "margin" -> "m";
              default -> c.getName();
            };
        try {
          Object v = c.getAccessor().invoke(this);
          if (v instanceof Float f) {
            sb.append(", ").append(key).append(" = ").append(Numbers.plain(f));
          } else if (v instanceof Integer || v instanceof Long) {
            sb.append(", ").append(key).append(" = ").append(v);
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("a loss record's accessor failed: " + c, e);
        }
      }
    }
    return sb.toString();
  }

  /** The logit scale s where the loss has one (AdaCos: its starting value), else NaN. */
  default float scaleOrNaN() {
    return Float.NaN;
  }

  /**
   * The default training loss: ArcFace (s = 30, m = 0.5) with its softmax warm start (the trainer's
   * default for margin losses). Chosen against softmax and NormFace on held-out selection classes
   * of three kinds of data, 3 seeds (BENCHMARKS.md section 16, "The default head"); softmax was the
   * default while ArcFace without the warm start did not train on cluttered colour data.
   */
  String DEFAULT_NAME = "arcface";

  /** The default training loss ({@link #DEFAULT_NAME}). */
  static LossConfig defaultLoss() {
    return arcface();
  }

  /** ArcFace with the paper's defaults for small data sets: s = 30, m = 0.5 rad. */
  static LossConfig arcface() {
    return new ArcFace(30f, 0.5f, false);
  }

  /** ArcFace: s·cos(θ + m), m in radians. */
  record ArcFace(float scale, float margin, boolean easyMargin) implements LossConfig {
    @Override
    public boolean hasMargin() {
      return true;
    }

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
  record SubCenterArcFace(
      float scale,
      float margin,
      boolean easyMargin,
      // the key model.json has always had (the CLI option is --sub-centers)
      @JsonProperty("sub_centers") int subCentres)
      implements LossConfig {
    @Override
    public boolean hasMargin() {
      return true;
    }

    @Override
    public String name() {
      return "subcenter-arcface";
    }

    @Override
    public Block build(int numClasses) {
      return new ArcFaceHead(numClasses, scale, margin, easyMargin, subCentres);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** insightface's combined margin: s·(cos(m1·θ + m2) − m3). */
  record Combined(float scale, float m1, float m2, float m3) implements LossConfig {
    public Combined {
      InvalidOptionException.require(
          m1 >= 1 && m1 <= 10,
          "{m1} (multiplicative angular margin) must be in [1, 10], got " + m1);
      InvalidOptionException.require(
          m2 >= 0 && m2 < Math.PI / 2,
          "{m2} (additive angular margin, radians) must be in [0, π/2), got " + m2);
      InvalidOptionException.require(
          m3 > -1 && m3 < 1, "{m3} (additive cosine margin) must be in (-1, 1), got " + m3);
    }

    @Override
    public boolean hasMargin() {
      return true;
    }

    @Override
    public String name() {
      return "combined";
    }

    @Override
    public Block build(int numClasses) {
      return new CombinedMarginHead(numClasses, scale, m1, m2, m3);
    }

    @Override
    public float scaleOrNaN() {
      return scale;
    }
  }

  /** CosFace: s·(cos θ − m). */
  record CosFace(float scale, float margin) implements LossConfig {
    @Override
    public boolean hasMargin() {
      return true;
    }

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
    public boolean hasMargin() {
      return true;
    }

    @Override
    public String name() {
      return "sphereface";
    }

    @Override
    public Block build(int numClasses) {
      return new SphereFaceHead(numClasses, scale, margin, lambdaBase, lambdaMin, gamma, power);
    }

    /** As every margin head's, and λ continues its annealing from {@code startStep}. */
    @Override
    public List<TrainingListener> trainingListeners(
        Block head, long startStep, long softmaxSteps, long marginWarmupSteps) {
      List<TrainingListener> l =
          new ArrayList<>(
              LossConfig.super.trainingListeners(head, startStep, softmaxSteps, marginWarmupSteps));
      SphereFaceHead sphere = (SphereFaceHead) head;
      sphere.setStep(startStep);
      return l;
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
  sealed interface PairLoss extends LossConfig
      permits Contrastive, Triplet, MultiSimilarity, SupCon {
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

  /** Supervised contrastive (SupCon) at temperature τ. */
  record SupCon(float temperature, int imagesPerClass) implements PairLoss {
    @Override
    public String name() {
      return "supcon";
    }

    @Override
    public Loss buildLoss() {
      return new SupConLoss(temperature);
    }
  }

  /**
   * The options of a loss spec's tail, {@code key=value,key=value}: keys in camelCase or kebab-case
   * ({@code easy-margin}), values numbers, {@code true}/{@code false} or words.
   *
   * @throws InvalidOptionException naming {@code loss} for a part that is not {@code key=value}
   */
  static Map<String, Object> specOptions(String tail) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String part : tail.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new InvalidOptionException(
            "{loss}: '" + p + "' is not key=value (e.g. --loss arcface:scale=30,margin=0.5)");
      }
      String key = camel(p.substring(0, eq).trim());
      String v = p.substring(eq + 1).trim();
      Object value;
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        value = Boolean.parseBoolean(v);
      } else {
        try {
          value = Float.parseFloat(v);
        } catch (NumberFormatException e) {
          value = v;
        }
      }
      out.put(key, value);
    }
    return out;
  }

  /** {@code easy-margin} → {@code easyMargin}; {@code sub-centers} → {@code subCentres}. */
  private static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '-' || c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    String k = sb.toString();
    return k.equals("subCenters") ? "subCentres" : k;
  }

  /**
   * Builds the config of the loss {@code spec} names from the options the user gave (option field
   * name → value, e.g. {@code "margin" → 0.3}; null and false count as not given); options left out
   * take the loss's defaults ({@link LossRegistry}). The spec is the registered name, optionally
   * followed by its own options as in {@code arcface:scale=30,margin=0.5} ({@link #specOptions}),
   * merged with {@code given} (an option in both is refused).
   *
   * @throws InvalidOptionException for an unknown loss (the message lists the valid ones) or an
   *     option that does not apply to it (the message lists those that do)
   */
  static LossConfig parse(String spec, Map<String, Object> given) {
    int colon = spec == null ? -1 : spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    if (colon >= 0) {
      Map<String, Object> merged = new LinkedHashMap<>(given);
      for (Map.Entry<String, Object> e : specOptions(spec.substring(colon + 1)).entrySet()) {
        Object flag = merged.get(e.getKey());
        if (flag != null && !Boolean.FALSE.equals(flag)) {
          throw new InvalidOptionException(
              "{" + e.getKey() + "} is given twice: in {loss} and as an option of its own");
        }
        merged.put(e.getKey(), e.getValue());
      }
      given = merged;
    }
    LossType type = LossRegistry.find(name);
    if (type == null) {
      throw new InvalidOptionException(
          "unknown {loss} '" + name + "': choose one of " + String.join(", ", NAMES));
    }
    Map<String, Object> o = new LinkedHashMap<>(given);
    o.values().removeIf(v -> v == null || Boolean.FALSE.equals(v));
    for (String key : o.keySet()) {
      if (!type.defaults().containsKey(key)) {
        throw new InvalidOptionException(
            "{"
                + key
                + "} does not apply to {loss} "
                + type.name()
                + (type.defaults().isEmpty()
                    ? " (it takes no options)"
                    : "; its options are "
                        + type.defaults().keySet().stream()
                            .sorted()
                            .map(k -> "{" + k + "}")
                            .collect(Collectors.joining(", "))));
      }
    }
    LossConfig built = type.factory().apply(new LossOptions(o, type.defaults()));
    built.buildLoss(); // validates names such as distance and mining now, not at training
    return built;
  }
}
