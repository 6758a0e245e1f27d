package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
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
    "tiff, " + BufferedImage.TYPE_BYTE_GRAY,
    "tiff, " + BufferedImage.TYPE_INT_RGB,
    "tiff, " + BufferedImage.TYPE_INT_ARGB,
    "tiff, " + BufferedImage.TYPE_USHORT_GRAY,
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

  @Test
  void tiffGivesThePixelsOfTheSamePngAndIsTurnedUprightByItsOrientationTag() throws Exception {
    BufferedImage img =
        TestImages.halves(BufferedImage.TYPE_INT_RGB, 40, 20, Color.RED, Color.BLUE);
    byte[] tiff = TestImages.encode(img, "tiff");
    assertThat(ImageDecoder.sniff(tiff)).contains(ImageDecoder.Format.TIFF);
    InputShape shape = InputShape.square(3, 10);
    byte[] fromPng =
        ImageDecoder.toPixels(ImageDecoder.decode(TestImages.encode(img, "png"), "a.png"), shape);
    assertThat(ImageDecoder.toPixels(ImageDecoder.decode(tiff, "a.tiff"), shape))
        .isEqualTo(fromPng);
    // the big-endian signature is a TIFF too
    assertThat(ImageDecoder.sniff(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8})).isPresent();
    assertThat(ExifOrientation.of(tiff, ImageDecoder.Format.TIFF))
        .isEqualTo(ExifOrientation.UPRIGHT);

    // a 2 × 1 TIFF, red then blue, whose orientation tag (6) says "turned 90° clockwise": shown
    // upright it is 1 × 2, red above blue
    byte[] turned = tiff2x1(6);
    assertThat(ExifOrientation.of(turned, ImageDecoder.Format.TIFF)).isEqualTo(6);
    BufferedImage upright = ImageDecoder.decode(turned, "turned.tif");
    assertThat(upright.getWidth()).isEqualTo(1);
    assertThat(upright.getHeight()).isEqualTo(2);
    assertThat(upright.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
    assertThat(upright.getRGB(0, 1) & 0xffffff).isEqualTo(0x0000ff);
  }

  /** An uncompressed little-endian RGB TIFF of 2 × 1 pixels (red, blue), written by hand. */
  private static byte[] tiff2x1(int orientation) {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    int entries = 10;
    int ifd = 8;
    int bits = ifd + 2 + entries * 12 + 4;
    int pixels = bits + 6;
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
    b.position(ifd);
    b.putShort((short) entries);
    int[][] tags = {
      {256, 3, 1, 2}, // width
      {257, 3, 1, 1}, // height
      {258, 3, 3, bits}, // bits per sample: 8, 8, 8 (at offset)
      {259, 3, 1, 1}, // no compression
      {262, 3, 1, 2}, // RGB
      {273, 4, 1, pixels}, // strip offset
      {274, 3, 1, orientation},
      {277, 3, 1, 3}, // samples per pixel
      {278, 3, 1, 1}, // rows per strip
      {279, 4, 1, 6}, // strip bytes
    };
    for (int[] t : tags) {
      b.putShort((short) t[0]).putShort((short) t[1]).putInt(t[2]);
      if (t[1] == 3 && t[2] == 1) {
        b.putShort((short) t[3]).putShort((short) 0);
      } else {
        b.putInt(t[3]);
      }
    }
    b.putInt(0); // no next directory
    b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
    b.put((byte) 255).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 255);
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void aCmykJpegGivesTheColoursItsInvertedInksMean() throws Exception {
    // a four-channel JPEG as ImageIO writes a raster (Adobe's inverted convention: 255 − ink):
    // left half inks (67, 81, 63) at full K-inverse 255, right half the same at 200
    java.awt.image.WritableRaster r =
        Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 32, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        r.setPixel(x, y, new int[] {67, 81, 63, x < 16 ? 255 : 200});
      }
    }
    javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(out);
      w.write(null, new javax.imageio.IIOImage(r, null, null), null);
    } finally {
      w.dispose();
    }
    BufferedImage decoded = ImageDecoder.decode(bytes.toByteArray(), "cmyk.jpg");
    assertThat(decoded.getWidth()).isEqualTo(32);
    // R = s_C · s_K / 255 (and so on): (67, 81, 63) and (53, 64, 49), give or take JPEG's loss
    int[][] expected = {{67, 81, 63}, {53, 64, 49}};
    int[] xs = {4, 27};
    for (int i = 0; i < 2; i++) {
      int p = decoded.getRGB(xs[i], 8);
      assertThat((p >> 16) & 0xff).isCloseTo(expected[i][0], within(3));
      assertThat((p >> 8) & 0xff).isCloseTo(expected[i][1], within(3));
      assertThat(p & 0xff).isCloseTo(expected[i][2], within(3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "heic, 000000186674797068656963, HEIC/HEIF photo",
    "heif mif1, 00000018667479706d696631, HEIC/HEIF photo",
    "avif, 000000206674797061766966, AVIF image",
    "webp, 524946460000000057454250, WebP image",
    "jpeg xl, ff0a, JPEG XL image",
    "jpeg 2000, 0000000c6a5020200d0a870a, JPEG 2000 image",
  })
  void photoFormatsThatCannotBeReadAreNamedWithWhatToDo(String name, String hex, String what)
      throws Exception {
    byte[] head = Arrays.copyOf(HexFormat.of().parseHex(hex), 32);
    assertThat(ImageDecoder.sniff(head)).isEmpty();
    assertThat(ImageDecoder.unreadableFormat(head))
        .hasValueSatisfying(
            m -> assertThat(m).contains(what, "cannot read", ImageDecoder.READABLE, "convert"));
    Path f = tmp.resolve("photo");
    Files.write(f, head);
    assertThatThrownBy(() -> ImageDecoder.decode(f))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining(what);
  }

  @Test
  void readableImagesAndOtherBytesAreNotCalledUnreadablePhotos() {
    assertThat(ImageDecoder.unreadableFormat(TestImages.encode(TestImages.grey(8, 8, 1), "png")))
        .isEmpty();
    assertThat(ImageDecoder.unreadableFormat("plain text, not a photo".getBytes())).isEmpty();
    assertThat(ImageDecoder.unreadableFormat(new byte[0])).isEmpty();
    // an MP4 video shares the ftyp box with HEIC, not its brand
    assertThat(ImageDecoder.unreadableFormat("\0\0\0\30ftypisom\0\0\0\0".getBytes())).isEmpty();
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
