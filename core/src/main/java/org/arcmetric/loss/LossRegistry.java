package org.arcmetric.loss;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.util.List;
import java.util.Locale;
import org.arcmetric.options.InvalidOptionException;

/**
 * Every loss the project trains with, each registered once: name, config record, options with their
 * defaults, factory. {@link LossConfig#parse}, the names users see, and the {@code name} that tells
 * {@code model.json}'s loss records apart all come from this one list. To add a loss: write its
 * record implementing {@link LossConfig} (and its head or DJL loss), add it to the sealed
 * interface's permits, and add one line here.
 */
public final class LossRegistry {
  private LossRegistry() {}

  /**
   * Largest logit scale s accepted: the papers use 30 to 64; beyond this training only diverges.
   */
  public static final float MAX_SCALE = 256f;

  private static float scale(LossOptions o) {
    float s = o.number("scale");
    if (!(s > 0 && s <= MAX_SCALE)) {
      throw new InvalidOptionException(
          "{scale} must be above 0 and at most "
              + (int) MAX_SCALE
              + " (the papers use 30 to 64), got "
              + s);
    }
    return s;
  }

  /** The losses, in the order users see them. */
  public static final List<LossType> ALL =
      List.of(
          LossType.of(
              "arcface",
              LossConfig.ArcFace.class,
              o -> new LossConfig.ArcFace(scale(o), o.number("margin"), o.flag("easyMargin")),
              "scale",
              30f,
              "margin",
              0.5f,
              "easyMargin",
              false),
          LossType.of(
              "cosface",
              LossConfig.CosFace.class,
              o -> new LossConfig.CosFace(scale(o), o.number("margin")),
              "scale",
              30f,
              "margin",
              0.35f),
          LossType.of(
              "sphereface",
              LossConfig.SphereFace.class,
              o -> new LossConfig.SphereFace(scale(o), o.integer("margin"), 1000f, 5f, 0.12f, 1f),
              "scale",
              30f,
              "margin",
              4),
          LossType.of(
              "adacos",
              LossConfig.AdaCos.class,
              o -> new LossConfig.AdaCos(o.flag("adacosDynamic")),
              "adacosDynamic",
              false),
          LossType.of(
              "subcenter-arcface",
              LossConfig.SubCenterArcFace.class,
              o ->
                  new LossConfig.SubCenterArcFace(
                      scale(o), o.number("margin"), o.flag("easyMargin"), o.integer("subCentres")),
              "scale",
              30f,
              "margin",
              0.5f,
              "easyMargin",
              false,
              "subCentres",
              3),
          LossType.of(
              "combined",
              LossConfig.Combined.class,
              o ->
                  new LossConfig.Combined(scale(o), o.number("m1"), o.number("m2"), o.number("m3")),
              "scale",
              30f,
              "m1",
              1f,
              "m2",
              0.3f,
              "m3",
              0.2f),
          LossType.of(
              "normface",
              LossConfig.NormFace.class,
              o -> new LossConfig.NormFace(scale(o)),
              "scale",
              30f),
          LossType.of("softmax", LossConfig.Softmax.class, o -> new LossConfig.Softmax()),
          LossType.of(
              "center",
              LossConfig.Center.class,
              o -> new LossConfig.Center(o.number("centerLambda"), o.number("centerAlpha")),
              "centerLambda",
              0.01f,
              "centerAlpha",
              0.5f),
          LossType.of(
              "contrastive",
              LossConfig.Contrastive.class,
              o ->
                  new LossConfig.Contrastive(
                      o.text("distance"), 0f, o.number("margin"), imagesPerClass(o)),
              "distance",
              "cosine",
              "margin",
              0.5f,
              "imagesPerClass",
              4),
          LossType.of(
              "triplet",
              LossConfig.Triplet.class,
              o ->
                  new LossConfig.Triplet(
                      o.text("distance"), o.number("margin"), o.text("mining"), imagesPerClass(o)),
              "distance",
              "cosine",
              "margin",
              0.2f,
              "mining",
              "batch-hard",
              "imagesPerClass",
              4),
          LossType.of(
              "multi-similarity",
              LossConfig.MultiSimilarity.class,
              o -> new LossConfig.MultiSimilarity(2f, 50f, 0.5f, 0.1f, imagesPerClass(o)),
              "imagesPerClass",
              4),
          LossType.of(
              "supcon",
              LossConfig.SupCon.class,
              o -> new LossConfig.SupCon(temperature(o), imagesPerClass(o)),
              "temperature",
              0.1f,
              "imagesPerClass",
              4));

  /** The loss names, in the order users see them. */
  public static List<String> names() {
    return ALL.stream().map(LossType::name).toList();
  }

  /** The loss named {@code name} (trimmed, any case), or null. */
  public static LossType find(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (LossType t : ALL) {
      if (t.name().equals(n)) {
        return t;
      }
    }
    return null;
  }

  private static float temperature(LossOptions o) {
    float t = o.number("temperature");
    if (!(t > 0 && t <= 10)) {
      throw new InvalidOptionException(
          "{temperature} must be above 0 and at most 10 (SupCon uses 0.05 to 0.5), got " + t);
    }
    return t;
  }

  private static int imagesPerClass(LossOptions o) {
    int k = o.integer("imagesPerClass");
    if (k < 2) {
      throw new InvalidOptionException(
          "{imagesPerClass} must be at least 2: pair losses need two images of a class in a batch");
    }
    return k;
  }

  /** Tells Jackson a loss record's {@code name} from its class and back, by this registry. */
  static final class TypeIds extends TypeIdResolverBase {
    private JavaType base;

    @Override
    public void init(JavaType baseType) {
      this.base = baseType;
    }

    @Override
    public String idFromValue(Object value) {
      return ((LossConfig) value).name();
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
      for (LossType t : ALL) {
        if (t.type().equals(suggestedType)) {
          return t.name();
        }
      }
      return idFromValue(value);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
      LossType t = find(id);
      if (t == null) {
        throw new IllegalArgumentException(
            "unknown loss '" + id + "': this version knows " + String.join(", ", names()));
      }
      return context.constructSpecializedType(base, t.type());
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
      return JsonTypeInfo.Id.NAME;
    }
  }
}
