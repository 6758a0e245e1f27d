import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Writes N synthetic JPEG "photos" (SIDE px, 10 classes: a coloured shape per class on a noisy
 * background) in ImageFolder layout, to measure memory and decoding at scale (issue 28: peak RSS
 * while training on 10,000 and 100,000 photos). Run: java research/SyntheticPhotos.java OUT N SIDE
 */
public class SyntheticPhotos {
  public static void main(String[] args) throws Exception {
    File out = new File(args[0]);
    int n = Integer.parseInt(args[1]);
    int side = Integer.parseInt(args[2]);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int c = 0; c < 10; c++) {
      new File(out, "class" + c).mkdirs();
    }
    for (int i = 0; i < n; i++) {
      final int id = i;
      pool.submit(
          () -> {
            Random r = new Random(id);
            int c = id % 10;
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillRect(0, 0, side, side);
            g.setColor(Color.getHSBColor(c / 10f, 0.8f, 0.9f));
            int s = side / 3 + r.nextInt(side / 3);
            int x = r.nextInt(side - s);
            int y = r.nextInt(side - s);
            if (c % 2 == 0) {
              g.fillOval(x, y, s, s);
            } else {
              g.fillRect(x, y, s, s);
            }
            g.dispose();
            try {
              ImageIO.write(img, "jpg", new File(out, "class" + c + "/p" + id + ".jpg"));
            } catch (Exception e) {
              throw new RuntimeException(e);
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
  }
}
