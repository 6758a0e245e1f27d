package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phone photos carry their turn in EXIF: every orientation of one photo embeds the same. */
class OrientationCliTest {
  @TempDir Path tmp;

  @Test
  void onePhotoInAllEightOrientationsGivesOneEmbedding() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "a", 0, 16, 1);
    CliFixture.writeImages(data, "b", 1, 16, 2);
    Path model = tmp.resolve("model");
    assertThat(CliFixture.trainTiny(data, model, "8").code()).isZero();

    Path photos = Files.createDirectories(tmp.resolve("photos/p"));
    var upright = TestImages.asymmetric(48, 32);
    for (int o = 1; o <= 8; o++) {
      Files.write(
          photos.resolve("o" + o + ".png"), TestImages.withOrientation(upright, o, "png", o > 4));
    }
    Path csv = tmp.resolve("e.csv");
    CliFixture.Run r =
        CliFixture.run(
            "embed",
            "--model",
            model.toString(),
            "--data",
            tmp.resolve("photos").toString(),
            "--out",
            csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> vectors = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      String[] f = line.split(",", 3);
      if (f.length == 3 && f[0].equals("p")) {
        vectors.add(f[2]);
      }
    }
    assertThat(vectors).hasSize(8);
    assertThat(vectors).allSatisfy(v -> assertThat(v).isEqualTo(vectors.get(0)));
  }
}
