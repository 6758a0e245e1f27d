package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DecodeLimitsTest {
  static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
    out.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }

  /** A few hundred bytes that claim a {@code w} × {@code h} PNG of 16-bit RGBA (colour type 6). */
  static byte[] claimedPng(int w, int h) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream ih = new DataOutputStream(ihdr);
    ih.writeInt(w);
    ih.writeInt(h);
    ih.write(new byte[] {16, 6, 0, 0, 0});
    chunk(out, "IHDR", ihdr.toByteArray());
    Deflater d = new Deflater();
    d.setInput(new byte[1]);
    d.finish();
    byte[] z = new byte[64];
    int n = d.deflate(z);
    chunk(out, "IDAT", Arrays.copyOf(z, n));
    chunk(out, "IEND", new byte[0]);
    return b.toByteArray();
  }

  @Test
  void aSmallFileClaimingA128MibDecodeIsRefusedFromItsHeaderAtOnce() throws Exception {
    byte[] png = claimedPng(4096, 4096);
    assertThat(png.length).isLessThan(200);
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () -> ImageDecoder.decode(png, "bomb.png", 4096, 64L << 20, new DecodeBudget(1L << 30)))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessage(
            "bomb.png is 4096 × 4096 pixels that decode to 128 MiB; at most 64 MiB per image is"
                + " accepted");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
  }

  @Test
  void aDecodeWithinTheLimitGivesItsBudgetBack() throws Exception {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "png", b);
    DecodeBudget budget = new DecodeBudget(1L << 20);
    int before = budget.availableKib();
    BufferedImage back = ImageDecoder.decode(b.toByteArray(), "ok.png", 4096, 64L << 20, budget);
    assertThat(back.getWidth()).isEqualTo(40);
    assertThat(budget.availableKib()).isEqualTo(before);
    // 40 × 30 × 3 bands × 1 byte
    try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(b.toByteArray()))) {
      var reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      assertThat(ImageDecoder.decodedBytes(reader, 40, 30)).isEqualTo(40 * 30 * 3);
      reader.dispose();
    }
  }

  @Test
  void aFarLargerImageIsDecodedSubsampledAndGivesNearlyTheSameModelInput() throws Exception {
    // a smooth 1024 × 768 colour picture for a 28 px model: every 9th pixel of every 9th row
    BufferedImage big = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 768; y++) {
      for (int x = 0; x < 1024; x++) {
        int r = x * 255 / 1023;
        int g = y * 255 / 767;
        int b = (x + y) % 256 < 128 ? 40 : 200;
        big.setRGB(x, y, (r << 16) | (g << 8) | (((x / 64 + y / 64) % 2) == 0 ? 30 : b));
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(big, "png", png);
    assertThat(ImageDecoder.subsampling(1024, 768, 28)).isEqualTo(6); // 768 / (4 · 28)
    assertThat(ImageDecoder.subsampling(100, 100, 28)).isEqualTo(1);
    assertThat(ImageDecoder.subsampling(1024, 768, 0)).isEqualTo(1);
    BufferedImage sub =
        ImageDecoder.decode(png.toByteArray(), "big.png", 4096, 64L << 20, DecodeBudget.NONE, 28);
    assertThat(sub.getWidth()).isEqualTo(171); // ceil(1024 / 6)
    assertThat(sub.getHeight()).isEqualTo(128);
    InputShape shape = new InputShape(3, 28, 28);
    byte[] a = ImageDecoder.toPixels(sub, shape);
    byte[] b = ImageDecoder.toPixels(big, shape);
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      diff += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    // the model sees nearly the same 28 × 28 picture (mean difference in grey levels of 255)
    assertThat(diff / a.length).isLessThan(12.0);
    // the decoded-size limit is on the whole image, subsampled or not (every row is inflated)
    assertThat(ImageDecoder.subsampling(4096, 4096, 64)).isEqualTo(16);
    assertThatThrownBy(
            () ->
                ImageDecoder.decode(
                    claimedPng(4096, 4096), "bomb.png", 4096, 64L << 20, DecodeBudget.NONE, 64))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("decode to 128 MiB");
  }
}
