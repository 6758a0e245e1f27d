package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputInferenceTest {
  @TempDir Path tmp;

  static void write(Path dir, String name, int w, int h, int type) throws Exception {
    Files.createDirectories(dir);
    ImageIO.write(new BufferedImage(w, h, type), "png", dir.resolve(name).toFile());
  }

  @Test
  void greyImagesGiveOneChannelAndTheSideFollowsTheMedian() throws Exception {
    Path grey = tmp.resolve("grey");
    for (int i = 0; i < 5; i++) {
      write(grey.resolve("a"), i + ".png", 30, 26, BufferedImage.TYPE_BYTE_GRAY);
    }
    write(grey.resolve("b"), "big.png", 300, 200, BufferedImage.TYPE_BYTE_GRAY);
    InputInference g = InputInference.of(grey);
    assertThat(g.channels()).isEqualTo(1);
    assertThat(g.medianSide()).isEqualTo(30);
    assertThat(g.side()).isEqualTo(32);
    assertThat(g.describe()).contains("input 1 × 32 × 32", "all grey", "--channels");

    Path colour = tmp.resolve("colour");
    write(colour.resolve("a"), "0.png", 500, 400, BufferedImage.TYPE_INT_RGB);
    write(colour.resolve("a"), "1.png", 20, 20, BufferedImage.TYPE_BYTE_GRAY);
    write(colour.resolve("b"), "2.png", 500, 400, BufferedImage.TYPE_INT_RGB);
    InputInference c = InputInference.of(colour);
    assertThat(c.channels()).isEqualTo(3);
    assertThat(c.side()).isEqualTo(64); // capped
    // what the user gave is what is printed, and what was inferred is said
    assertThat(c.describe(null, 32)).startsWith("input 3 × 32 × 32 (the channels inferred from");
    assertThat(c.describe(1, null)).startsWith("input 1 × 64 × 64 (the size inferred from");
    assertThat(c.describe(1, 16)).startsWith("input 1 × 16 × 16 (");
    Files.writeString(tmp.resolve("none.txt"), "not an image");
    assertThat(InputInference.of(tmp.resolve("none.txt"))).isNull();
  }
}
