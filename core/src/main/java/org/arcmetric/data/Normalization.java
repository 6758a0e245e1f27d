package org.arcmetric.data;

import java.util.Arrays;

/**
 * Per-channel input normalisation {@code x' = (x / 255 − mean[c]) / std[c]}, with mean and std
 * measured on the training images and stored in {@code model.json} so prediction uses the same.
 */
public record Normalization(float[] mean, float[] std) {

  public Normalization {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and std must have one value per channel");
    }
    for (float m : mean) {
      if (!Float.isFinite(m)) {
        throw new IllegalArgumentException(
            "mean must be finite numbers, got " + Arrays.toString(mean));
      }
    }
    for (float s : std) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new IllegalArgumentException(
            "std must be finite positive numbers, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Mean and standard deviation of each channel over all pixels of {@code images}. */
  public static Normalization measure(ImageSet images) {
    int c = images.shape().channels();
    int plane = images.shape().height() * images.shape().width();
    double[] sum = new double[c];
    double[] sq = new double[c];
    for (int i = 0; i < images.size(); i++) {
      byte[] px = images.pixels(i);
      for (int ch = 0; ch < c; ch++) {
        for (int j = ch * plane; j < (ch + 1) * plane; j++) {
          double v = (px[j] & 0xff) / 255.0;
          sum[ch] += v;
          sq[ch] += v * v;
        }
      }
    }
    float[] mean = new float[c];
    float[] std = new float[c];
    double n = (double) images.size() * plane;
    for (int ch = 0; ch < c; ch++) {
      double m = n == 0 ? 0.5 : sum[ch] / n;
      double var = n == 0 ? 0.25 : sq[ch] / n - m * m;
      mean[ch] = (float) m;
      std[ch] = (float) Math.max(Math.sqrt(Math.max(var, 0)), 1e-3);
    }
    return new Normalization(mean, std);
  }

  /** Writes normalised floats of channel-first {@code uint8} pixels into {@code dst}. */
  public void apply(byte[] px, InputShape shape, float[] dst, int offset) {
    int plane = shape.height() * shape.width();
    for (int ch = 0; ch < shape.channels(); ch++) {
      float scale = 1f / (255f * std[ch]);
      float shift = mean[ch] / std[ch];
      int base = ch * plane;
      for (int j = 0; j < plane; j++) {
        dst[offset + base + j] = (px[base + j] & 0xff) * scale - shift;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
