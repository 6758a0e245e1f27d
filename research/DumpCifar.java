// java research/DumpCifar.java /work/data/cifar10/train OUT/train (then .../test OUT/test)
import java.awt.image.BufferedImage;
import java.io.*;
import java.nio.file.*;
import java.util.*;
import javax.imageio.ImageIO;
/** research/airbench-reference.py's input. Decodes an ImageFolder of 32 px JPEGs into N×3×32×32 uint8 (planar RGB) + labels. */
public class DumpCifar {
  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]);
    List<Path> classes = new ArrayList<>();
    try (var s = Files.list(root)) { s.filter(Files::isDirectory).sorted().forEach(classes::add); }
    try (var x = new BufferedOutputStream(new FileOutputStream(a[1] + ".x"));
         var y = new BufferedOutputStream(new FileOutputStream(a[1] + ".y"))) {
      for (int c = 0; c < classes.size(); c++) {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(classes.get(c))) { s.sorted().forEach(files::add); }
        for (Path f : files) {
          BufferedImage im = ImageIO.read(f.toFile());
          byte[] buf = new byte[3 * 32 * 32];
          for (int yy = 0; yy < 32; yy++) for (int xx = 0; xx < 32; xx++) {
            int rgb = im.getRGB(xx, yy);
            buf[yy * 32 + xx] = (byte) (rgb >> 16); buf[1024 + yy * 32 + xx] = (byte) (rgb >> 8); buf[2048 + yy * 32 + xx] = (byte) rgb;
          }
          x.write(buf); y.write(c);
        }
      }
    }
  }
}
