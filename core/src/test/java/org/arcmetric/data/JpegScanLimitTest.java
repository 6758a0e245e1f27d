package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/** A progressive JPEG of thousands of scans is refused before any is decoded. */
class JpegScanLimitTest {

  static byte[] progressive(BufferedImage img) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  /** {@code jpeg} with its last scan (SOS to EOI) written {@code extra} more times. */
  static byte[] repeatLastScan(byte[] jpeg, int extra) {
    int sos = -1;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
        sos = i; // entropy data never holds FF DA (FF is stuffed as FF 00)
      }
    }
    int eoi = jpeg.length - 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, eoi);
    for (int k = 0; k < extra; k++) {
      out.write(jpeg, sos, eoi - sos);
    }
    out.write(jpeg, eoi, 2);
    return out.toByteArray();
  }

  @Test
  void countsTheScansOfBaselineAndProgressiveFiles() throws Exception {
    BufferedImage img = TestImages.asymmetric(64, 48);
    byte[] baseline = TestImages.encode(img, "jpeg");
    assertThat(ImageDecoder.jpegScans(baseline, 1000)).isEqualTo(1);
    byte[] prog = progressive(img);
    int scans = ImageDecoder.jpegScans(prog, 1000);
    assertThat(scans).isBetween(2, 20);
    assertThat(ImageDecoder.jpegScans(repeatLastScan(prog, 5), 1000)).isEqualTo(scans + 5);
    assertThat(ImageDecoder.jpegScans(repeatLastScan(prog, 500), 50)).isEqualTo(50);
    // a real progressive file decodes as before
    assertThat(ImageDecoder.decode(prog, "p.jpg").getWidth()).isEqualTo(64);
  }

  @Test
  void theWorkOfAProgressiveFileCountsAPassPerTenScans() throws Exception {
    BufferedImage img = TestImages.asymmetric(64, 48);
    assertThat(ImageDecoder.work(TestImages.encode(img, "png"))).isEqualTo(64 * 48);
    assertThat(ImageDecoder.work(TestImages.encode(img, "jpeg"))).isEqualTo(64 * 48);
    byte[] prog = progressive(img);
    int scans = ImageDecoder.jpegScans(prog, 1000);
    assertThat(ImageDecoder.work(repeatLastScan(prog, 41 - scans))).isEqualTo(5L * 64 * 48);
    assertThat(ImageDecoder.work("not an image".getBytes())).isZero();
  }

  @Test
  void aScanBombIsRefusedQuicklyNamingTheFile() throws Exception {
    byte[] bomb = repeatLastScan(progressive(TestImages.asymmetric(256, 256)), 2000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> ImageDecoder.decode(bomb, "bomb.jpg"))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("bomb.jpg")
        .hasMessageContaining("more than " + ImageDecoder.MAX_JPEG_SCANS + " scans");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
  }
}
