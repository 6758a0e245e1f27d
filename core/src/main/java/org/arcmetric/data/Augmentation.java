package org.arcmetric.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Random;
import org.arcmetric.options.Choices;

/**
 * Training-time augmentation presets, applied in Java on {@code uint8} pixels before normalising:
 *
 * <ul>
 *   <li>{@code none}: the image as it is;
 *   <li>{@code light}: a random translation of up to 1/8 of the size in each direction (the classic
 *       pad-and-random-crop, padding with black);
 *   <li>{@code standard}: light, plus a horizontal flip with probability ½ and mild brightness and
 *       contrast jitter (factors in [0.8, 1.2]). A network trained with it ({@link #flips()})
 *       embeds each image averaged with its mirror image ({@code features.FeatureSpec#mirror}).
 *   <li>{@code flip-shift} ({@code convnet-small}'s with SGD on colour images, {@code
 *       train.DefaultRecipe}): airbench's augmentation (Jordan 2024) — a horizontal flip with
 *       probability ½ and a random translation of up to 1/16 of the size in each direction, the
 *       border reflected (no black edge), no brightness or contrast jitter. It mirrors, so its
 *       models embed with the mirror image too.
 * </ul>
 *
 * Stateless; thread-safe when each thread passes its own {@link Random}.
 */
public enum Augmentation {
  NONE,
  LIGHT,
  STANDARD,
  FLIP_SHIFT;

  /** The preset for a command-line name ({@code none|light|standard|flip-shift}). */
  @JsonCreator
  public static Augmentation parse(String name) {
    return Choices.parse(Augmentation.class, name, "augmentation");
  }

  /**
   * As written on the command line and in {@code model.json}: {@code light}, {@code flip-shift}.
   */
  @JsonValue
  public String cliName() {
    return Choices.kebab(this);
  }

  /** {@link #forInput}'s rule, for help texts. */
  public static final String DEFAULT_RULE = "standard for colour images, light for grey ones";

  /**
   * The default for inputs of {@code shape}: {@code standard} for colour images (photos of objects,
   * plants or faces, whose mirror images are as likely as themselves), {@code light} for grey ones
   * (where text, digits and scans lose their meaning in a mirror). Chosen on held-out selection
   * classes of the generated shapes and CIFAR-10: BENCHMARKS.md section 18. {@code convnet-small}
   * with SGD replaces it with {@code flip-shift} for colour images ({@code train.DefaultRecipe}).
   */
  public static Augmentation forInput(InputShape shape) {
    return shape.channels() == 3 ? STANDARD : LIGHT;
  }

  /** Whether the preset mirrors images left to right ({@code standard}). */
  public boolean flips() {
    return this == STANDARD || this == FLIP_SHIFT;
  }

  /** Augments {@code src} and writes the normalised result into {@code dst[offset...]}. */
  public void apply(
      byte[] src, InputShape shape, Normalization norm, float[] dst, int offset, Random rnd) {
    if (this == NONE) {
      norm.apply(src, shape, dst, offset);
      return;
    }
    int h = shape.height();
    int w = shape.width();
    int plane = h * w;
    boolean reflect = this == FLIP_SHIFT;
    int part = reflect ? 16 : 8;
    int maxShiftY = Math.max(1, h / part);
    int maxShiftX = Math.max(1, w / part);
    int dy = rnd.nextInt(2 * maxShiftY + 1) - maxShiftY;
    int dx = rnd.nextInt(2 * maxShiftX + 1) - maxShiftX;
    boolean flip = flips() && rnd.nextBoolean();
    float contrast = this == STANDARD ? 0.8f + 0.4f * rnd.nextFloat() : 1f;
    float brightness = this == STANDARD ? 0.8f + 0.4f * rnd.nextFloat() : 1f;
    float[] mean = norm.mean();
    float[] std = norm.std();
    for (int ch = 0; ch < shape.channels(); ch++) {
      int base = ch * plane;
      float avg = 0;
      if (contrast != 1f) {
        for (int j = 0; j < plane; j++) {
          avg += src[base + j] & 0xff;
        }
        avg /= plane;
      }
      for (int y = 0; y < h; y++) {
        int sy = reflect ? reflected(y - dy, h) : y - dy;
        for (int x = 0; x < w; x++) {
          int sx = flip ? (w - 1 - x) - dx : x - dx;
          if (reflect) {
            sx = reflected(sx, w);
          }
          float v = 0;
          if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
            v = src[base + sy * w + sx] & 0xff;
          }
          if (this == STANDARD) {
            v = ((v - avg) * contrast + avg) * brightness;
            v = Math.min(255f, Math.max(0f, v));
          }
          dst[offset + base + y * w + x] = (v / 255f - mean[ch]) / std[ch];
        }
      }
    }
  }

  /**
   * The index {@code i} reflected into {@code [0, n)} about the edge pixels (not repeating them).
   */
  static int reflected(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int j = Math.floorMod(i, period);
    return j < n ? j : period - j;
  }
}
