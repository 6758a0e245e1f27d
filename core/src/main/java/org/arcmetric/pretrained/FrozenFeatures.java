package org.arcmetric.pretrained;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.compute.NoGrad;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.embed.Embedder;

/**
 * Computes a frozen backbone's pooled features {@code f(x)} once per image: for a training set in
 * {@code V} views (view 0 the image itself, views 1 … V−1 copies augmented with a random number
 * generator seeded by the run's seed, the image and the view, so the views are the same on every
 * run), kept in a {@link FeatureCache}; for validation images in view 0, kept in memory ({@link
 * #of}). The backbone runs in inference mode without autograd, in batches of {@link
 * Embedder#batchFor}, on the calling thread. Not thread-safe.
 */
public final class FrozenFeatures {
  private final Block backbone;
  private final String backboneIdentity;
  private final NDManager manager;
  private final Normalization normalization;
  private final Map<ImageSet, float[][]> memo = new IdentityHashMap<>();

  /**
   * @param backbone the backbone block, {@code (N, C, H, W) → (N, F)}, initialised
   * @param backboneIdentity its identity ({@code BackboneRef.identity()}), for the cache key
   * @param manager the manager each batch's arrays are made under (closed batch by batch)
   */
  public FrozenFeatures(
      Block backbone, String backboneIdentity, NDManager manager, Normalization normalization) {
    this.backbone = backbone;
    this.backboneIdentity = backboneIdentity;
    this.manager = manager;
    this.normalization = normalization;
  }

  /** What a training set's features in {@code views} views depend on, for {@code dim} features. */
  public FeatureCache.Key key(
      ImageSet images, Augmentation augmentation, int views, long seed, int dim) {
    InputShape s = images.shape();
    return new FeatureCache.Key(
        backboneIdentity,
        List.of(s.channels(), s.height(), s.width()),
        normalization.toString(),
        augmentation.cliName(),
        views,
        seed,
        images.size(),
        dim,
        FeatureCache.dataFingerprint(images),
        FeatureCache.location(images));
  }

  /**
   * The result of {@link #training}: the features, and the seconds spent computing them (0 if
   * read).
   */
  public record Computed(FeatureTable table, double seconds, boolean fromCache) {}

  /**
   * The features of {@code images} in {@code views} views from the cache in {@code cacheDir}, or
   * computed now and cached there.
   */
  public Computed training(
      ImageSet images,
      Augmentation augmentation,
      int views,
      long seed,
      Path cacheDir,
      PrintStream progress)
      throws IOException {
    int v = augmentation == Augmentation.NONE ? 1 : views;
    int dim = dim(images.shape());
    FeatureCache.Key key = key(images, augmentation, v, seed, dim);
    FeatureTable cached = FeatureCache.lookup(cacheDir, key, progress);
    if (cached != null) {
      progress.printf(
          "frozen backbone: features of %d images × %d views read from %s%n",
          images.size(), v, cacheDir.resolve(key.fileName()));
      return new Computed(cached, 0, true);
    }
    progress.printf(
        "frozen backbone: computing its features of %d images × %d views once (cached in %s)%n",
        images.size(), v, cacheDir);
    long t0 = System.nanoTime();
    try (FeatureCache.Writer w = FeatureCache.writer(cacheDir, key)) {
      InputShape s = images.shape();
      int per = s.values();
      int batch = Embedder.batchFor(s);
      long total = (long) v * images.size();
      long done = 0;
      long lastSaid = t0;
      for (int view = 0; view < v; view++) {
        for (int start = 0; start < images.size(); start += batch) {
          int n = Math.min(batch, images.size() - start);
          float[] data = new float[n * per];
          for (int i = 0; i < n; i++) {
            int image = start + i;
            if (view == 0) {
              normalization.apply(images.pixels(image), s, data, i * per);
            } else {
              augmentation.apply(
                  images.pixels(image),
                  s,
                  normalization,
                  data,
                  i * per,
                  viewRandom(seed, image, view));
            }
          }
          w.write(view, start, n, forward(data, n, s));
          done += n;
          long now = System.nanoTime();
          if (now - lastSaid > 10_000_000_000L) {
            lastSaid = now;
            double secs = (now - t0) / 1e9;
            progress.printf(
                "  %d / %d (%.0f images/s, about %.0f s left)%n",
                done, total, done / secs, (total - done) / (done / secs));
          }
        }
      }
      FeatureTable table = w.finish();
      double secs = (System.nanoTime() - t0) / 1e9;
      progress.printf(
          "frozen backbone: %d feature vectors in %.1f s (%.0f images/s)%n",
          total, secs, total / secs);
      return new Computed(table, secs, false);
    }
  }

  /** The random numbers that augment view {@code view} (≥ 1) of image {@code image}. */
  static Random viewRandom(long seed, int image, int view) {
    return new Random(seed * 0x9E3779B97F4A7C15L + image * 65_537L + view);
  }

  /** View 0 features of {@code images} (kept for the next call with the same set). */
  public float[][] of(ImageSet images) {
    float[][] f = memo.get(images);
    if (f != null) {
      return f;
    }
    InputShape s = images.shape();
    int per = s.values();
    int batch = Embedder.batchFor(s);
    f = new float[images.size()][];
    for (int start = 0; start < images.size(); start += batch) {
      int n = Math.min(batch, images.size() - start);
      float[] data = new float[n * per];
      for (int i = 0; i < n; i++) {
        normalization.apply(images.pixels(start + i), s, data, i * per);
      }
      float[] flat = forward(data, n, s);
      int d = flat.length / n;
      for (int i = 0; i < n; i++) {
        f[start + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
      }
    }
    memo.put(images, f);
    return f;
  }

  private int dim(InputShape s) {
    return forward(new float[s.values()], 1, s).length;
  }

  private float[] forward(float[] data, int n, InputShape s) {
    try (NDManager m = manager.newSubManager();
        NoGrad g = NoGrad.enter()) {
      NDList in = new NDList(m.create(data, new Shape(n, s.channels(), s.height(), s.width())));
      NDList out = backbone.forward(new ParameterStore(m, false), in, false);
      float[] flat = out.singletonOrThrow().toFloatArray();
      if (flat.length % n != 0) {
        throw new IllegalStateException(
            "the backbone gave " + flat.length + " values for " + n + " images");
      }
      return flat;
    }
  }
}
