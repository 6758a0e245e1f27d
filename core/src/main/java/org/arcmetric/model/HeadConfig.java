package org.arcmetric.model;

import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which training head (loss) sits on the embedding, with its hyper-parameters, as written to the
 * {@code loss} object of {@code model.json} ({@code {"name": "arcface", "scale": 30, ...}}). The
 * head is only used in training; prediction uses the embedding alone. One record per loss; {@link
 * #parse} builds one from command-line style options, with each loss's defaults, and refuses
 * options that do not apply to it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "name")
@JsonSubTypes({
  @JsonSubTypes.Type(value = HeadConfig.ArcFace.class, name = "arcface"),
  @JsonSubTypes.Type(value = HeadConfig.SubCenterArcFace.class, name = "subcenter-arcface"),
  @JsonSubTypes.Type(value = HeadConfig.CosFace.class, name = "cosface"),
  @JsonSubTypes.Type(value = HeadConfig.SphereFace.class, name = "sphereface"),
  @JsonSubTypes.Type(value = HeadConfig.AdaCos.class, name = "adacos"),
  @JsonSubTypes.Type(value = HeadConfig.NormFace.class, name = "normface"),
  @JsonSubTypes.Type(value = HeadConfig.Softmax.class, name = "softmax"),
})
public sealed interface HeadConfig {
  /** Loss names, in the order users see them. */
  List<String> NAMES =
      List.of(
          "arcface", "cosface", "sphereface", "adacos", "subcenter-arcface", "normface", "softmax");

  /** The loss name ({@code arcface}, ...). */
  String name();

  /** A new head for {@code numClasses} classes. */
  Block build(int numClasses);

  /** The logit scale s where the loss has one (AdaCos: its starting value), else NaN. */
  default float scaleOrNaN() {
    return Float.NaN;
  }

  /** ArcFace with the paper's defaults for small data sets: s = 30, m = 0.5 rad. */
  static HeadConfig arcface() {
    return new ArcFace(30f, 0.5f, false);
  }

  /** ArcFace: s·cos(θ + m), m in radians. */
  record ArcFace(float scale, float margin, boolean easyMargin) implements HeadConfig {
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
      implements HeadConfig {
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
  record CosFace(float scale, float margin) implements HeadConfig {
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
      implements HeadConfig {
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
  record AdaCos(boolean dynamic) implements HeadConfig {
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
  record NormFace(float scale) implements HeadConfig {
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
  record Softmax() implements HeadConfig {
    @Override
    public String name() {
      return "softmax";
    }

    @Override
    public Block build(int numClasses) {
      return new LinearSoftmaxHead(numClasses);
    }
  }

  /**
   * Builds the config of loss {@code name} from the options the user gave (option name without
   * dashes → value, e.g. {@code "margin" → 0.3}); options left out take the loss's defaults.
   *
   * @throws IllegalArgumentException for an unknown loss (the message lists the valid ones) or an
   *     option that does not apply to it (the message lists those that do)
   */
  static HeadConfig parse(String name, Map<String, Object> given) {
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
      default -> new Softmax();
    };
  }

  private static float number(Map<String, Object> o, String key, float fallback) {
    Object v = o.get(key);
    return v == null ? fallback : ((Number) v).floatValue();
  }
}
