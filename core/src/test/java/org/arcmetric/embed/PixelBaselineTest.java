package org.arcmetric.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.junit.jupiter.api.Test;

class PixelBaselineTest {
  @Test
  void subtractsTheImagesOwnMeanThenScalesToUnitLength() {
    // x = (0, 1, 0, 1) after /255; mean 0.5; centred (-.5, .5, -.5, .5) has norm 1
    float[] v = PixelBaseline.vector(new byte[] {0, (byte) 255, 0, (byte) 255});
    assertThat(v).containsExactly(new float[] {-0.5f, 0.5f, -0.5f, 0.5f}, within(1e-6f));
  }

  @Test
  void handWorkedUnevenExample() {
    // x = (0, 51, 102, 255)/255 = (0, .2, .4, 1); mean .4; centred (-.4, -.2, 0, .6);
    // norm sqrt(.16 + .04 + 0 + .36) = sqrt(.56)
    float[] v = PixelBaseline.vector(new byte[] {0, 51, 102, (byte) 255});
    double n = Math.sqrt(0.56);
    assertThat(v)
        .containsExactly(
            new float[] {(float) (-0.4 / n), (float) (-0.2 / n), 0f, (float) (0.6 / n)},
            within(1e-6f));
  }

  @Test
  void aUniformImageHasNoDirection() {
    assertThat(PixelBaseline.vector(new byte[] {7, 7, 7, 7})).containsOnly(0f);
  }

  @Test
  void cosineIsInvariantToBrightnessAndContrast() {
    byte[] a = {10, 20, 30, 60};
    byte[] b = {30, 50, 70, (byte) 130}; // 2a + 10
    float[] va = PixelBaseline.vector(a);
    float[] vb = PixelBaseline.vector(b);
    double dot = 0;
    for (int i = 0; i < va.length; i++) {
      dot += va[i] * vb[i];
    }
    assertThat(dot).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void embedsAtTheModelsInputShape() {
    InputShape s = InputShape.square(1, 8);
    byte[] px = new byte[64];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 4);
    }
    ImageSet set = new ImageSet(s, List.of("a"), List.of("x"), List.of(px));
    assertThat(PixelBaseline.embed(set, s)[0]).hasSize(64);
    float[] rgb = PixelBaseline.embed(set, InputShape.square(3, 10))[0];
    assertThat(rgb).hasSize(300);
    double sq = 0;
    for (float f : rgb) {
      sq += f * f;
    }
    assertThat(sq).isCloseTo(1.0, within(1e-5));
  }
}
