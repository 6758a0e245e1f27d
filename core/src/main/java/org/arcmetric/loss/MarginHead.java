package org.arcmetric.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * The template of every margin-softmax head ("normalised softmax with a margin"):
 *
 * <pre>
 *   x̂ = x / ‖x‖,  Ŵ_j = W_j / ‖W_j‖,  cos θ_j = x̂ · Ŵ_j            (clamped to [−1, 1])
 *   logit_j = s · cos θ_j                      for j ≠ y
 *   logit_y = s · ψ(cos θ_y)                   for the target class y (training only)
 * </pre>
 *
 * followed by DJL's stock {@code SoftmaxCrossEntropyLoss}. Subclasses override one step: {@link
 * #targetLogit} — the change ψ of the target cosine (ArcFace: cos(θ + m), CosFace: cos θ − m) — or,
 * for AdaCos, {@link #trainingScale} — how s is chosen. Without labels (the plain {@code forward},
 * used in validation) the head returns the unmodified {@code s · cos θ}.
 *
 * <p>With K sub-centres per class (sub-center ArcFace, Deng et al. 2020) W holds K rows per class
 * and the class cosine is the largest of its K cosines; K = 1 is the usual single centre.
 *
 * <p>Shapes: input {@code (N, d)} embeddings, labels {@code (N)} class indices, weight {@code W
 * (C·K, d)}, output {@code (N, C)} logits. Normalisation divides by {@code sqrt(‖·‖² + 1e-12)}, so
 * a zero vector gives zeros, never NaN. Not thread-safe (as any DJL block in training).
 */
public abstract class MarginHead extends AbstractBlock implements ClassCentres {
  private static final byte VERSION = 1;

  /** Added under the square root when normalising, so a zero vector cannot divide by zero. */
  static final float NORM_EPS = 1e-12f;

  private final int numClasses;
  private final int subCentres;
  private final float scale;
  private final Parameter weight;
  private float marginFactor = 1f;
  private boolean plainSoftmax;

  /**
   * @param numClasses C, the number of training classes
   * @param scale s, the logit scale (ArcFace uses 30–64)
   */
  protected MarginHead(int numClasses, float scale) {
    this(numClasses, scale, 1);
  }

  /**
   * @param numClasses C, the number of training classes
   * @param scale s, the logit scale
   * @param subCentres K, weight rows per class (1 = one centre per class)
   */
  protected MarginHead(int numClasses, float scale, int subCentres) {
    super(VERSION);
    if (subCentres < 1) {
      throw new IllegalArgumentException(
          "sub-centres per class must be at least 1, got " + subCentres);
    }
    this.subCentres = subCentres;
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "a softmax head needs at least 2 classes, got " + numClasses);
    }
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("scale s must be a positive number, got " + scale);
    }
    this.numClasses = numClasses;
    this.scale = scale;
    this.weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.01f))
                .build());
  }

  /**
   * ψ: the changed target cosine, before scaling. Input and output {@code (N, 1)}; must be finite
   * for every input in [−1, 1] and have finite gradients there.
   */
  protected abstract NDArray targetLogit(NDArray cosTarget);

  public int numClasses() {
    return numClasses;
  }

  /** s as configured (AdaCos: its starting value). */
  public float scale() {
    return scale;
  }

  /**
   * Scales the margin by {@code factor} in [0, 1] (margin warm-up: 0 at the start, 1 from the end
   * of the warm-up); heads without an additive margin ignore it.
   */
  public void setMarginFactor(float factor) {
    if (!(factor >= 0 && factor <= 1)) {
      throw new IllegalArgumentException("margin factor must be in [0, 1], got " + factor);
    }
    this.marginFactor = factor;
  }

  /** The current margin factor (1 unless warming up). */
  public float marginFactor() {
    return marginFactor;
  }

  /**
   * Switches the head to plain softmax logits {@code x · Wᵀ} (no normalisation, no scale, no
   * margin) or back: the softmax warm start, whose first epochs train the same W as an ordinary
   * linear classifier before the cosine head with its margin takes over ({@link MarginSchedule}).
   */
  public void setPlainSoftmax(boolean plain) {
    this.plainSoftmax = plain;
  }

  /**
   * Initialises W as an ordinary linear classifier's (Xavier, as DJL's {@code Linear}) instead of
   * N(0, 0.01²), so that a softmax warm start learns as fast as the plain softmax head; the cosine
   * logits afterwards do not depend on the rows' lengths. Call before the block is initialised.
   */
  public void useLinearInit() {
    weight.setInitializer(new XavierInitializer());
  }

  /** Whether the head now gives plain softmax logits (during a softmax warm start). */
  public boolean plainSoftmax() {
    return plainSoftmax;
  }

  /** K, sub-centres per class. */
  @Override
  public int subCentres() {
    return subCentres;
  }

  /**
   * The scale used for a training batch, given its {@code (N, C)} cosines and one-hot labels. The
   * default is the fixed s; AdaCos overrides it.
   */
  protected float trainingScale(NDArray cos, NDArray oneHot) {
    return scale;
  }

  /** The scale used without labels (validation, inference of logits). */
  protected float inferenceScale() {
    return scale;
  }

  /** cos θ: {@code (N, C)} cosines between the normalised embeddings and class weights. */
  public NDArray cosine(ParameterStore ps, NDArray x, boolean training) {
    NDArray w = onBatch(normalize(ps.getValue(weight, x.getDevice(), training)), x);
    NDArray cos = normalize(x).matMul(w.transpose()).clip(-1f, 1f);
    if (subCentres > 1) {
      cos = cos.reshape(x.getShape().get(0), numClasses, subCentres).max(new int[] {2});
    }
    return cos;
  }

  /**
   * The class centres Ŵ as plain arrays, {@code [C·K][d]} normalised rows, class c's sub-centres at
   * rows c·K … c·K + K − 1 (for training diagnostics).
   */
  @Override
  public float[][] centres() {
    float[] flat;
    int rows;
    int d;
    try (NDArray w = normalize(weight.getArray());
        NDArray f = w.toType(DataType.FLOAT32, true)) {
      rows = (int) w.getShape().get(0);
      d = (int) w.getShape().get(1);
      flat = f.toFloatArray();
    }
    float[][] out = new float[rows][d];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * d, out[r], 0, d);
    }
    return out;
  }

  /**
   * Row-wise L2 normalisation, safe for zero rows. The result is attached to {@code v}'s manager;
   * the intermediate arrays are closed (autograd keeps what it needs), so nothing is left on a
   * parameter's manager, which lives as long as the model.
   */
  public static NDArray normalize(NDArray v) {
    try (NDArray sq = v.square();
        NDArray sum = sq.sum(new int[] {1}, true);
        NDArray eps = sum.add(NORM_EPS);
        NDArray norm = eps.sqrt()) {
      return v.div(norm);
    }
  }

  /**
   * {@code derived} (an array computed from a parameter, so attached to the parameter's manager)
   * moved to the batch's manager, which closes it with the batch; arrays computed from it follow.
   */
  private static NDArray onBatch(NDArray derived, NDArray x) {
    derived.attach(x.getManager());
    return derived;
  }

  /** Plain logits {@code x · Wᵀ}, {@code (N, C)}: a sub-centred class takes its largest. */
  private NDArray plainLogits(ParameterStore ps, NDArray x, boolean training) {
    NDArray w = ps.getValue(weight, x.getDevice(), training);
    NDArray logits = x.matMul(onBatch(w.transpose(), x));
    if (subCentres > 1) {
      logits = logits.reshape(x.getShape().get(0), numClasses, subCentres).max(new int[] {2});
    }
    return logits;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    if (plainSoftmax) {
      return new NDList(plainLogits(ps, inputs.singletonOrThrow(), training));
    }
    return new NDList(cosine(ps, inputs.singletonOrThrow(), training).mul(inferenceScale()));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList data, NDList labels, PairList<String, Object> params) {
    if (labels == null || labels.isEmpty() || plainSoftmax) {
      return forwardInternal(ps, data, true, params);
    }
    NDArray cos = cosine(ps, data.singletonOrThrow(), true);
    NDArray oneHot =
        labels.head().toType(DataType.INT64, false).oneHot(numClasses, DataType.FLOAT32);
    NDArray cosTarget = cos.mul(oneHot).sum(new int[] {1}, true);
    NDArray shift = targetLogit(cosTarget).sub(cosTarget);
    return new NDList(cos.add(oneHot.mul(shift)).mul(trainingScale(cos, oneHot)));
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    weight.setShape(new Shape((long) numClasses * subCentres, in.get(in.dimension() - 1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
  }
}
