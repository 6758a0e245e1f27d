package org.arcmetric.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesGeneratorTest {
  @TempDir Path tmp;

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  @Test
  void theSameSeedGivesTheSamePixels() {
    for (int c = 0; c < ShapesGenerator.CLASSES.size(); c++) {
      BufferedImage a = ShapesGenerator.image(c, 1234L + c);
      BufferedImage b = ShapesGenerator.image(c, 1234L + c);
      assertThat(pixels(a)).as(ShapesGenerator.CLASSES.get(c)).isEqualTo(pixels(b));
    }
  }

  @Test
  void sizesVaryAndDifferentSeedsDiffer() {
    BufferedImage a = ShapesGenerator.image(3, 1);
    BufferedImage b = ShapesGenerator.image(3, 2);
    assertThat(a.getWidth() != b.getWidth() || !Arrays.equals(pixels(a), pixels(b))).isTrue();
    for (long s = 0; s < 50; s++) {
      BufferedImage img = ShapesGenerator.image((int) (s % 20), s);
      assertThat(img.getWidth()).isBetween(40, 80);
      assertThat(img.getHeight()).isBetween(32, 96);
    }
  }

  @Test
  void writesTrainAndTestImageFoldersDeterministically() throws Exception {
    ShapesGenerator.write(tmp.resolve("a"), 2, 1, 7);
    ShapesGenerator.write(tmp.resolve("b"), 2, 1, 7);
    for (String split : new String[] {"train", "test"}) {
      try (Stream<Path> dirs = Files.list(tmp.resolve("a").resolve(split))) {
        assertThat(dirs.count()).isEqualTo(20);
      }
    }
    Path fa = tmp.resolve("a/train/star5/0001.png");
    Path fb = tmp.resolve("b/train/star5/0001.png");
    assertThat(Files.readAllBytes(fa)).isEqualTo(Files.readAllBytes(fb));
    assertThat(tmp.resolve("a/test/ring/0000.png")).exists();
    assertThat(tmp.resolve("a/test/ring/0001.png")).doesNotExist();
    // train and test images are different draws
    assertThat(Files.readAllBytes(tmp.resolve("a/train/ring/0000.png")))
        .isNotEqualTo(Files.readAllBytes(tmp.resolve("a/test/ring/0000.png")));
  }
}
