package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} of type {1}")
  @CsvSource({
    "png, " + BufferedImage.TYPE_BYTE_GRAY,
    "png, " + BufferedImage.TYPE_INT_RGB,
    "png, " + BufferedImage.TYPE_INT_ARGB,
    "png, " + BufferedImage.TYPE_BYTE_INDEXED,
    "jpeg, " + BufferedImage.TYPE_BYTE_GRAY,
    "jpeg, " + BufferedImage.TYPE_INT_RGB,
    "bmp, " + BufferedImage.TYPE_BYTE_GRAY,
    "bmp, " + BufferedImage.TYPE_INT_RGB,
    "bmp, " + BufferedImage.TYPE_BYTE_INDEXED,
    "gif, " + BufferedImage.TYPE_BYTE_INDEXED,
    "gif, " + BufferedImage.TYPE_INT_RGB,
  })
  void decodesEveryFormatAndColourTypeToGreyAndRgb(String format, int type) throws Exception {
    BufferedImage img = TestImages.halves(type, 40, 20, Color.BLACK, Color.WHITE);
    Path file = tmp.resolve("img." + format);
    Files.write(file, TestImages.encode(img, format));

    assertThat(ImageDecoder.sniff(file)).isPresent();
    BufferedImage decoded = ImageDecoder.decode(file);
    byte[] grey = ImageDecoder.toPixels(decoded, InputShape.square(1, 10));
    byte[] rgb = ImageDecoder.toPixels(decoded, InputShape.square(3, 10));

    assertThat(grey).hasSize(100);
    assertThat(rgb).hasSize(300);
    // left column dark, right column bright, in every channel (JPEG is lossy: loose bounds)
    for (int row = 0; row < 10; row++) {
      assertThat(grey[row * 10] & 0xff).isLessThan(40);
      assertThat(grey[row * 10 + 9] & 0xff).isGreaterThan(215);
      for (int c = 0; c < 3; c++) {
        assertThat(rgb[c * 100 + row * 10] & 0xff).isLessThan(40);
        assertThat(rgb[c * 100 + row * 10 + 9] & 0xff).isGreaterThan(215);
      }
    }
  }

  @Test
  void greyIsLumaOfRgb() {
    BufferedImage red = TestImages.halves(BufferedImage.TYPE_INT_RGB, 8, 8, Color.RED, Color.RED);
    byte[] grey = ImageDecoder.toPixels(red, InputShape.square(1, 8));
    assertThat(grey[0] & 0xff).isEqualTo(Math.round(0.299f * 255));
  }

  @Test
  void transparentPixelsAreCompositedOverBlack() {
    BufferedImage img =
        TestImages.halves(
            BufferedImage.TYPE_INT_ARGB, 8, 8, new Color(255, 255, 255, 0), Color.WHITE);
    byte[] grey = ImageDecoder.toPixels(img, InputShape.square(1, 8));
    assertThat(grey[0] & 0xff).isZero();
    assertThat(grey[7] & 0xff).isEqualTo(255);
  }

  @Test
  void formatIsDecidedByBytesNotName() throws Exception {
    Path misnamed = tmp.resolve("photo.jpg");
    Files.write(misnamed, TestImages.encode(TestImages.grey(8, 8, 100), "png"));
    assertThat(ImageDecoder.sniff(misnamed)).contains(ImageDecoder.Format.PNG);
    assertThat(ImageDecoder.decode(misnamed).getWidth()).isEqualTo(8);

    Path text = tmp.resolve("notes.png");
    Files.writeString(text, "this is not an image at all, despite its name");
    assertThat(ImageDecoder.sniff(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"png", "jpeg", "gif", "bmp"})
  void truncatedImageIsAnErrorNamingTheFile(String format) throws Exception {
    byte[] whole =
        TestImages.encode(
            TestImages.halves(BufferedImage.TYPE_INT_RGB, 64, 64, Color.RED, Color.BLUE),
            format.equals("gif") ? "gif" : format);
    Path cut = tmp.resolve("cut." + format);
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> ImageDecoder.decode(cut))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("not a readable image");
  }

  @Test
  void aSizeLimitIsCheckedFromTheHeaderBeforeDecoding() throws Exception {
    byte[] wide = TestImages.encode(TestImages.grey(3000, 2, 9), "png");
    assertThatThrownBy(() -> ImageDecoder.decode(wide, "wide.png", 2999))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessage("wide.png is 3000 × 2 pixels; at most 2999 a side is accepted");
    assertThat(ImageDecoder.decode(wide, "wide.png", 3000).getWidth()).isEqualTo(3000);
    byte[] truncated = Arrays.copyOf(wide, 20);
    assertThatThrownBy(() -> ImageDecoder.decode(truncated, "cut.png", 10))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("cut.png");
  }

  @Test
  void garbageAfterAValidHeaderIsAnError() throws Exception {
    byte[] png = TestImages.encode(TestImages.grey(16, 16, 7), "png");
    byte[] broken = png.clone();
    for (int i = 40; i < broken.length - 12; i++) {
      broken[i] = (byte) 0x5a;
    }
    Path f = tmp.resolve("broken.png");
    Files.write(f, broken);
    assertThatThrownBy(() -> ImageDecoder.decode(f)).isInstanceOf(BadImageException.class);
  }

  @Test
  void resizeKeepsAUniformImageUniform() {
    byte[] px = ImageDecoder.toPixels(TestImages.grey(28, 28, 123), InputShape.square(1, 28));
    byte[] big = ImageDecoder.resize(px, InputShape.square(1, 28), InputShape.square(3, 56));
    assertThat(big).hasSize(3 * 56 * 56);
    for (byte b : big) {
      assertThat(b & 0xff).isEqualTo(123);
    }
  }
}
