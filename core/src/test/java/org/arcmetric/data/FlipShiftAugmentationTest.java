package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlipShiftAugmentationTest {
  private static final Normalization RAW = new Normalization(new float[] {0f}, new float[] {1f});

  @Test
  void reflectionMirrorsAboutTheEdgePixelsWithoutRepeatingThem() {
    // n = 4: ... 2 1 | 0 1 2 3 | 2 1 0 ... (PyTorch's 'reflect' padding)
    assertThat(Augmentation.reflected(-1, 4)).isEqualTo(1);
    assertThat(Augmentation.reflected(-2, 4)).isEqualTo(2);
    assertThat(Augmentation.reflected(0, 4)).isEqualTo(0);
    assertThat(Augmentation.reflected(3, 4)).isEqualTo(3);
    assertThat(Augmentation.reflected(4, 4)).isEqualTo(2);
    assertThat(Augmentation.reflected(5, 4)).isEqualTo(1);
    assertThat(Augmentation.reflected(7, 4)).isEqualTo(1);
    assertThat(Augmentation.reflected(5, 1)).isEqualTo(0);
  }

  /** A 32 × 32 grey image whose pixel (y, x) holds a value that names its row and column. */
  private static byte[] coded() {
    byte[] px = new byte[32 * 32];
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        px[y * 32 + x] = (byte) ((y / 4) * 32 + (x / 4) * 4 + 1);
      }
    }
    return px;
  }

  @Test
  void shiftsAtMostASixteenthReflectsTheBorderAndKeepsThePixelValues() {
    byte[] px = coded();
    Set<Integer> values = new HashSet<>();
    for (byte b : px) {
      values.add(b & 0xff);
    }
    InputShape shape = InputShape.square(1, 32);
    Random rnd = new Random(11);
    Set<String> seen = new HashSet<>();
    for (int trial = 0; trial < 200; trial++) {
      float[] out = new float[32 * 32];
      Augmentation.FLIP_SHIFT.apply(px, shape, RAW, out, 0, rnd);
      for (float v : out) {
        // no black border and no brightness or contrast change: every pixel is one of the image's
        assertThat(values).contains(Math.round(v * 255f));
      }
      // the pixel at the centre came from at most 2 px away (32 / 16), mirrored or not
      int centre = Math.round(out[16 * 32 + 16] * 255f) - 1;
      int row = centre / 32;
      assertThat(row).isBetween((16 - 2) / 4, (16 + 2) / 4);
      seen.add(Integer.toString(Math.round(out[0] * 255f)));
    }
    // the corners vary from draw to draw (shifts and flips happen)
    assertThat(seen.size()).isGreaterThan(1);
  }

  @Test
  void isNamedFlipShiftAndMirrors() {
    assertThat(Augmentation.parse("flip-shift")).isEqualTo(Augmentation.FLIP_SHIFT);
    assertThat(Augmentation.FLIP_SHIFT.cliName()).isEqualTo("flip-shift");
    assertThat(Augmentation.STANDARD.cliName()).isEqualTo("standard");
    assertThat(Augmentation.FLIP_SHIFT.flips()).isTrue();
  }
}
