import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

/**
 * Writes every image of an ImageFolder enlarged to W × H (bicubic) as JPEG quality 0.9: a folder
 * with the size and decoding cost of phone photos, for timing the default training on "a folder of
 * 3,000 photos of about 400 px" (issue 27). Not a source of accuracy figures: the pictures hold no
 * more detail than the originals.
 *
 * <pre>java research/UpscalePhotos.java FROM TO [W H]</pre>
 */
public class UpscalePhotos {
  public static void main(String[] args) throws Exception {
    Path from = Path.of(args[0]);
    Path to = Path.of(args[1]);
    int w = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    int h = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    List<Path> files;
    try (Stream<Path> s = Files.walk(from)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = writer.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(0.9f);
    for (Path f : files) {
      BufferedImage src = ImageIO.read(f.toFile());
      if (src == null) {
        continue;
      }
      BufferedImage big = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = big.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(src, 0, 0, w, h, null);
      g.dispose();
      Path out = to.resolve(from.relativize(f)).resolveSibling(
          f.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".jpg");
      Files.createDirectories(out.getParent());
      File file = out.toFile();
      file.delete();
      try (FileImageOutputStream ios = new FileImageOutputStream(file)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(big, null, null), p);
      }
    }
    writer.dispose();
    System.err.println(files.size() + " images written to " + to);
  }
}
