import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.arcmetric.data.DecodeBudget;
import org.arcmetric.data.ImageDecoder;

/**
 * The worst small file per format that `serve`'s default limits admit (4,096 px a side, 64 MiB
 * decoded, 100 JPEG scans), timed through the product's decoder at a 64 px model input (subsampled
 * as the server decodes): the figures in docs/SECURITY.md.
 *
 * <pre>java -cp core/target/classes research/DecodeWorstCase.java</pre>
 */
public class DecodeWorstCase {
  static byte[] write(BufferedImage img, String format, ImageWriteParam param) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(img, null, null), param);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  static byte[] progressiveWithScans(BufferedImage img, int scans) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    w.dispose();
    byte[] jpeg = write(img, "jpeg", p);
    int sos = -1;
    int count = 0;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
        sos = i;
        count++;
      }
    }
    int eoi = jpeg.length - 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, eoi);
    for (int k = count; k < scans; k++) {
      out.write(jpeg, sos, eoi - sos);
    }
    out.write(jpeg, eoi, 2);
    return out.toByteArray();
  }

  static void time(String what, byte[] bytes) {
    long best = Long.MAX_VALUE;
    String outcome = "decoded";
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      try {
        ImageDecoder.decode(bytes, what, 4096, 64L << 20, DecodeBudget.NONE, 64);
      } catch (Exception e) {
        outcome = "refused after decoding: " + e.getMessage();
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf(
        "| %s | %,d bytes | %d ms | %s |%n", what, bytes.length, best / 1_000_000, outcome);
  }

  public static void main(String[] args) throws Exception {
    int s = 4096;
    System.out.println("| file | size | decode time (best of 3) | outcome |");
    System.out.println("| (work of one request: at most 8 × 4096² pixel passes) | | | |");
    System.out.println("|---|---|---|---|");
    time("PNG, blank grey 4096²", write(new BufferedImage(s, s, BufferedImage.TYPE_BYTE_GRAY), "png", null));
    time("PNG, blank RGBA 4096² (64 MiB decoded)", write(new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB), "png", null));
    time("GIF, blank 4096²", write(new BufferedImage(s, s, BufferedImage.TYPE_BYTE_INDEXED), "gif", null));
    ImageWriter bmp = ImageIO.getImageWritersByFormatName("bmp").next();
    ImageWriteParam rle = bmp.getDefaultWriteParam();
    rle.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    rle.setCompressionType("BI_RLE8");
    bmp.dispose();
    time("BMP RLE8, blank 4096²", write(new BufferedImage(s, s, BufferedImage.TYPE_BYTE_INDEXED), "bmp", rle));
    BufferedImage grey = new BufferedImage(s, s, BufferedImage.TYPE_BYTE_GRAY);
    time("JPEG baseline, blank grey 4096²", write(grey, "jpeg", null));
    time("JPEG progressive, grey 4096², 10 scans (1 pass)", progressiveWithScans(grey, 10));
    time("JPEG progressive, grey 4096², 80 scans (8 passes: alone in a request)", progressiveWithScans(grey, 80));
    time("JPEG progressive, grey 4096², 100 scans (the limit)", progressiveWithScans(grey, 100));
    time("JPEG progressive, grey 4096², 1,000 scans", progressiveWithScans(grey, 1000));
    for (String kind : new String[] {"Deflate", "LZW", "PackBits"}) {
      ImageWriter tiff = ImageIO.getImageWritersByFormatName("tiff").next();
      ImageWriteParam z = tiff.getDefaultWriteParam();
      z.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      z.setCompressionType(kind);
      tiff.dispose();
      time("TIFF " + kind + ", blank RGBA 4096² (64 MiB decoded)", write(new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB), "tiff", z));
    }
  }
}
