import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.InputShape;

/**
 * Decode rate per core (issue 28): decodes, orients and resizes the JPEGs under DIR on one thread
 * to each SIDE, as train's reader does, and prints images per second. Run with the CLI's class
 * path: java -cp 'bench/target/arcmetric-bench.jar:bench/target/lib/*' research/DecodeRate.java DIR 64 224
 */
public class DecodeRate {
  public static void main(String[] args) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
      files = s.filter(Files::isRegularFile).sorted().limit(1000).toList();
    }
    for (int a = 1; a < args.length; a++) {
      InputShape shape = InputShape.square(3, Integer.parseInt(args[a]));
      for (int rep = 0; rep < 2; rep++) {
        long t0 = System.nanoTime();
        long sum = 0;
        for (Path f : files) {
          byte[] px = ImageDecoder.toPixels(ImageDecoder.decodeFor(f, shape.height()), shape);
          sum += px[0];
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "%s %d files -> %d px: %.1f images/s on one thread%s (checksum %d)%n",
            args[0], files.size(), shape.height(), files.size() / s, rep == 0 ? " (warm-up)" : "", sum);
      }
    }
  }
}
