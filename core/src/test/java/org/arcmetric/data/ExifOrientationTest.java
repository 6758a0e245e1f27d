package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {

  /** A 3 × 2 image whose pixels are numbered 1..6 row by row. */
  private static BufferedImage numbered() {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 6; i++) {
      img.setRGB(i % 3, i / 3, i + 1);
    }
    return img;
  }

  private static int[][] rows(BufferedImage img) {
    int[][] rows = new int[img.getHeight()][img.getWidth()];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        rows[y][x] = img.getRGB(x, y) & 0xffffff;
      }
    }
    return rows;
  }

  @Test
  void turnsAsAViewerDoesByHand() {
    // stored:  1 2 3
    //          4 5 6
    assertThat(rows(ExifOrientation.upright(numbered(), 2)))
        .isEqualTo(new int[][] {{3, 2, 1}, {6, 5, 4}});
    assertThat(rows(ExifOrientation.upright(numbered(), 3)))
        .isEqualTo(new int[][] {{6, 5, 4}, {3, 2, 1}});
    assertThat(rows(ExifOrientation.upright(numbered(), 4)))
        .isEqualTo(new int[][] {{4, 5, 6}, {1, 2, 3}});
    assertThat(rows(ExifOrientation.upright(numbered(), 5)))
        .isEqualTo(new int[][] {{1, 4}, {2, 5}, {3, 6}});
    // 6: turned 90° clockwise, the bottom-left corner comes to the top left
    assertThat(rows(ExifOrientation.upright(numbered(), 6)))
        .isEqualTo(new int[][] {{4, 1}, {5, 2}, {6, 3}});
    assertThat(rows(ExifOrientation.upright(numbered(), 7)))
        .isEqualTo(new int[][] {{6, 3}, {5, 2}, {4, 1}});
    // 8: turned 90° counter-clockwise, the top-right corner comes to the top left
    assertThat(rows(ExifOrientation.upright(numbered(), 8)))
        .isEqualTo(new int[][] {{3, 6}, {2, 5}, {1, 4}});
    BufferedImage same = numbered();
    assertThat(ExifOrientation.upright(same, 1)).isSameAs(same);
    assertThatThrownBy(() -> ExifOrientation.upright(same, 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTestOracleAgreesWithTheHandTable() {
    for (int o = 1; o <= 8; o++) {
      assertThat(rows(TestImages.turn(numbered(), o)))
          .as("orientation %d", o)
          .isEqualTo(rows(ExifOrientation.upright(numbered(), o)));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readsTheTagFromJpegAndPngInEitherByteOrder(boolean little) {
    BufferedImage img = TestImages.asymmetric(12, 8);
    for (int o = 1; o <= 8; o++) {
      assertThat(
              ExifOrientation.of(
                  TestImages.withOrientation(img, o, "jpeg", little), ImageDecoder.Format.JPEG))
          .isEqualTo(o);
      assertThat(
              ExifOrientation.of(
                  TestImages.withOrientation(img, o, "png", little), ImageDecoder.Format.PNG))
          .isEqualTo(o);
    }
    assertThat(ExifOrientation.of(TestImages.encode(img, "jpeg"), ImageDecoder.Format.JPEG))
        .isEqualTo(1);
    assertThat(ExifOrientation.of(TestImages.encode(img, "png"), ImageDecoder.Format.PNG))
        .isEqualTo(1);
  }

  @Test
  void aDamagedOrOutOfRangeTagMeansUpright() {
    BufferedImage img = TestImages.asymmetric(12, 8);
    byte[] jpeg = TestImages.withOrientation(img, 6, "jpeg", true);
    // the value is the 2 bytes at SOI(2) + APP1 header(4) + "Exif\0\0"(6) + TIFF 8 + count 2 + 8
    int value = 2 + 4 + 6 + 8 + 2 + 8;
    assertThat(jpeg[value]).isEqualTo((byte) 6);
    byte[] nine = jpeg.clone();
    nine[value] = 9;
    assertThat(ExifOrientation.of(nine, ImageDecoder.Format.JPEG)).isEqualTo(1);
    byte[] badOrder = jpeg.clone();
    badOrder[2 + 4 + 6] = 'X'; // neither II nor MM
    assertThat(ExifOrientation.of(badOrder, ImageDecoder.Format.JPEG)).isEqualTo(1);
    byte[] farIfd = jpeg.clone();
    farIfd[2 + 4 + 6 + 4] = (byte) 0xf0; // IFD0 offset beyond the segment
    assertThat(ExifOrientation.of(farIfd, ImageDecoder.Format.JPEG)).isEqualTo(1);
    // cut before the orientation entry ends (at byte 34): no exception, upright; cut after it,
    // the tag is whole and read
    for (int cut = 3; cut < 34; cut++) {
      assertThat(ExifOrientation.of(Arrays.copyOf(jpeg, cut), ImageDecoder.Format.JPEG))
          .as("cut at %d", cut)
          .isEqualTo(1);
    }
    assertThat(ExifOrientation.of(Arrays.copyOf(jpeg, 34), ImageDecoder.Format.JPEG)).isEqualTo(6);
    // an EXIF block after the pixels is not read
    byte[] plain = TestImages.encode(img, "jpeg");
    assertThat(ExifOrientation.of(plain, ImageDecoder.Format.JPEG)).isEqualTo(1);
  }

  @Test
  void everyOrientationDecodesToTheSamePixels() throws Exception {
    BufferedImage upright = TestImages.asymmetric(24, 16);
    InputShape shape = new InputShape(3, 16, 24);
    byte[] expected = ImageDecoder.toPixels(upright, shape);
    for (int o = 1; o <= 8; o++) {
      byte[] png = TestImages.withOrientation(upright, o, "png", o % 2 == 0);
      BufferedImage decoded = ImageDecoder.decode(png, "o" + o + ".png");
      assertThat(decoded.getWidth()).as("orientation %d", o).isEqualTo(24);
      assertThat(ImageDecoder.toPixels(decoded, shape)).as("orientation %d", o).isEqualTo(expected);
    }
  }

  @Test
  void jpegPhotosInEveryOrientationDecodeUprightWithinCompressionNoise() throws Exception {
    BufferedImage upright = TestImages.asymmetric(48, 32);
    InputShape shape = new InputShape(3, 16, 24);
    byte[] reference =
        ImageDecoder.toPixels(ImageDecoder.decode(TestImages.encode(upright, "jpeg"), "u"), shape);
    for (int o = 2; o <= 8; o++) {
      byte[] jpeg = TestImages.withOrientation(upright, o, "jpeg", true);
      byte[] turned = ImageDecoder.toPixels(ImageDecoder.decode(jpeg, "o" + o + ".jpg"), shape);
      assertThat(meanAbsDifference(turned, reference)).as("orientation %d", o).isLessThan(4.0);
      // without the tag the same pixels are far from upright: the test can fail
      byte[] stored = jpeg.clone();
      stored[2 + 4 + 6 + 8 + 2 + 8] = 1;
      BufferedImage raw = ImageDecoder.decode(stored, "raw");
      if (raw.getWidth() == 48) {
        assertThat(meanAbsDifference(ImageDecoder.toPixels(raw, shape), reference))
            .as("orientation %d ignored", o)
            .isGreaterThan(20.0);
      }
    }
  }

  private static double meanAbsDifference(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return sum / a.length;
  }
}
