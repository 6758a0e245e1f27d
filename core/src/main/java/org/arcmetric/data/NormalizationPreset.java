package org.arcmetric.data;

import java.util.Arrays;
import org.arcmetric.options.Choices;
import org.arcmetric.options.InvalidOptionException;

/**
 * Named input normalisations ({@code --input-norm}): what a pretrained backbone was trained with,
 * or {@code measured} for the mean and standard deviation of the training images (the default,
 * right for a backbone trained from scratch).
 *
 * <ul>
 *   <li>{@code imagenet}: RGB mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225), as torchvision
 *       and timm models expect (and the backbones {@code scripts/} writes);
 *   <li>{@code unit}: {@code x / 255} unchanged (mean 0, std 1) in every channel;
 *   <li>{@code measured}: measured on the training images.
 * </ul>
 */
public enum NormalizationPreset {
  MEASURED("measured"),
  IMAGENET("imagenet"),
  UNIT("unit");

  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
  private final String cliName;

  NormalizationPreset(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static NormalizationPreset parse(String s) {
    return Choices.parse(NormalizationPreset.class, s, NormalizationPreset::cliName, "inputNorm");
  }

  /**
   * The normalisation for {@code channels} input channels, or null for {@link #MEASURED}.
   *
   * @throws InvalidOptionException for {@code imagenet} with other than 3 channels
   */
  public Normalization forChannels(int channels) {
    return switch (this) {
      case MEASURED -> null;
      case UNIT -> new Normalization(new float[channels], filled(channels, 1f));
      case IMAGENET -> {
        InvalidOptionException.require(
            channels == 3,
            "{inputNorm} imagenet is for RGB input; set {channels} 3 (grey images are repeated"
                + " into three channels), or give {inputMean} and {inputStd}");
        yield new Normalization(IMAGENET_MEAN, IMAGENET_STD);
      }
    };
  }

  /**
   * A normalisation from explicit values, one per channel (one value is repeated over all
   * channels).
   *
   * @throws InvalidOptionException naming {@code inputMean} or {@code inputStd}
   */
  public static Normalization explicit(float[] mean, float[] std, int channels) {
    float[] m = perChannel(mean, channels, "inputMean");
    float[] s = perChannel(std, channels, "inputStd");
    for (float v : s) {
      InvalidOptionException.require(
          v > 0, "{inputStd} must be positive in every channel, got " + Arrays.toString(std));
    }
    return new Normalization(m, s);
  }

  private static float[] perChannel(float[] v, int channels, String field) {
    if (v.length == 1) {
      return filled(channels, v[0]);
    }
    InvalidOptionException.require(
        v.length == channels,
        "{"
            + field
            + "} has "
            + v.length
            + " values; give 1 or one per channel ("
            + channels
            + ")");
    return v.clone();
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}
