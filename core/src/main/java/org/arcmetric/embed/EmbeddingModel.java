package org.arcmetric.embed;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.arcmetric.compute.ComputeMode;
import org.arcmetric.data.InputShape;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.features.FeatureTap;
import org.arcmetric.loss.MarginHead;
import org.arcmetric.model.EmbeddingNetwork;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;

/**
 * A trained model loaded for prediction: the embedding network without its training head, giving
 * the features its {@link FeatureSpec} names (the embedding, or the pooled backbone output, each
 * optionally CL2N-centred).
 *
 * <pre>{@code
 * try (EmbeddingModel model = EmbeddingModel.load(Path.of("model"));
 *     Embedder embedder = model.newEmbedder()) {
 *   float[] v = embedder.embed(pixels);
 * }
 * }</pre>
 *
 * Thread-safe: several threads may each create and use their own {@link Embedder}.
 */
public final class EmbeddingModel implements AutoCloseable {
  private final Path dir;
  private final ModelInfo info;
  private final Model model;
  private final Model tapped;
  private final FeatureSpec features;
  private final int dimension;

  private EmbeddingModel(Path dir, ModelInfo info, Model model, FeatureSpec features) {
    this.dir = dir;
    this.info = info;
    this.model = model;
    this.features = features;
    // The backbone is the first child of the embedding network; its parameters are already
    // loaded, so a tapped model shares them and needs no initialisation of its own.
    Block backbone = ((SequentialBlock) model.getBlock()).getChildren().get(0).getValue();
    if (features.featureTap() == FeatureTap.POOLED) {
      SequentialBlock net = new SequentialBlock();
      net.add(backbone).add(list -> new NDList(MarginHead.normalize(list.singletonOrThrow())));
      tapped = Model.newInstance("pooled", model.getNDManager().getDevice());
      tapped.setBlock(net);
    } else if (features.featureTap() == FeatureTap.STAGES) {
      if (!(backbone instanceof SequentialBlock stages)) {
        throw new IllegalArgumentException(
            dir
                + ": features 'stages' needs a built-in backbone; this model's is "
                + info.backbone()
                + " (use embedding or pooled)");
      }
      tapped = Model.newInstance("stages", model.getNDManager().getDevice());
      tapped.setBlock(new StagePooling(stages));
    } else {
      tapped = null;
    }
    // The embedding's length is in model.json; other taps are measured on one blank image.
    int d = info.embeddingDim();
    if (tapped != null) {
      try (Embedder probe = newEmbedder(1)) {
        d = probe.embedRaw(new byte[info.input().values()]).length;
      }
    }
    this.dimension = d;
    if (features.centred() && features.centre().length != d) {
      close();
      throw new IllegalArgumentException(
          dir
              + ": features.centre has "
              + features.centre().length
              + " values but the "
              + features.tap()
              + " features have "
              + d);
    }
  }

  /** Loads a model folder written by {@code train}, with the features its model.json names. */
  public static EmbeddingModel load(Path dir) throws IOException {
    ModelInfo info = ModelFolder.readInfo(dir);
    return load(dir, info, info.featureSpec());
  }

  /**
   * Loads a model folder with other features than it names (to compare taps and centring on one
   * trained network); the model's views ({@link FeatureSpec#mirrored()}, {@link
   * FeatureSpec#shifted()}), part of how it was trained, are kept. Galleries tell the two apart by
   * {@link #fingerprint()}.
   */
  public static EmbeddingModel load(Path dir, FeatureSpec features) throws IOException {
    ModelInfo info = ModelFolder.readInfo(dir);
    return load(dir, info, features.withViewsOf(info.featureSpec()));
  }

  /**
   * Loads the weights of {@code dir} described by {@code info} (not read from disk again), with
   * {@code features}; used by training before {@code model.json} is written.
   */
  public static EmbeddingModel load(Path dir, ModelInfo info, FeatureSpec features)
      throws IOException {
    Model m = ModelFolder.loadEmbeddingModel(dir, info);
    try {
      return new EmbeddingModel(dir, info, m, features);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  public Path dir() {
    return dir;
  }

  public ModelInfo info() {
    return info;
  }

  /** What this model's embedders output. */
  public FeatureSpec features() {
    return features;
  }

  /**
   * {@code sha256:HEX} of the weights, which galleries store; models whose features are not the
   * plain embedding add {@code #TAP[+cl2n:HASH|+zca:HASH][+mirror][+shifts]}, so a gallery of one
   * kind of features refuses queries of another.
   */
  public String fingerprint() {
    if (features.equals(FeatureSpec.DEFAULT)) {
      return info.fingerprint();
    }
    return info.fingerprint()
        + "#"
        + features.tap()
        + centreHash()
        + (features.mirrored() ? "+mirror" : "")
        + (features.shifted() ? "+shifts" : "");
  }

  private String centreHash() {
    if (!features.centred()) {
      return "";
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (float f : features.centre()) {
        md.update(Float.toString(f).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ',');
      }
      if (features.whitened()) {
        md.update((byte) ';');
        for (float f : features.whitening()) {
          md.update(Float.toString(f).getBytes(StandardCharsets.US_ASCII));
          md.update((byte) ',');
        }
      }
      return (features.whitened() ? "+zca:" : "+cl2n:")
          + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * How the network's backbone computes for every embedder of this model, from the next forward
   * pass on ({@link ComputeMode#defaults()} until set; the pooled and stages taps run float32).
   */
  public EmbeddingModel setCompute(ComputeMode mode) {
    if (model.getBlock() instanceof EmbeddingNetwork net) {
      net.setCompute(mode);
    }
    return this;
  }

  /** How the backbone computes: {@link EmbeddingNetwork#effectiveCompute()}. */
  public ComputeMode compute() {
    return model.getBlock() instanceof EmbeddingNetwork net
        ? net.effectiveCompute()
        : ComputeMode.FP32_NCHW;
  }

  public InputShape inputShape() {
    return info.input();
  }

  /** Length of the vectors this model's embedders output. */
  public int dimension() {
    return dimension;
  }

  /**
   * A new embedder (not thread-safe; one per thread) with {@link Embedder#batchFor} images per
   * forward pass (a fifth of them where each image is embedded with its shifted copies).
   */
  public Embedder newEmbedder() {
    // shifted copies multiply each forward pass by 5: fewer images a pass keep its memory
    return newEmbedder(Math.max(1, Embedder.batchFor(info.input()) / (features.shifted() ? 5 : 1)));
  }

  /** A new embedder that runs {@code batchSize} images per forward pass. */
  public Embedder newEmbedder(int batchSize) {
    Model m = tapped != null ? tapped : model;
    return new Embedder(
        m.newPredictor(
            new PixelTranslator(
                info.input(), info.normalization(), features.mirrored(), features.shifted())),
        batchSize,
        features);
  }

  @Override
  public void close() {
    if (tapped != null) {
      tapped.close();
    }
    model.close();
  }
}
