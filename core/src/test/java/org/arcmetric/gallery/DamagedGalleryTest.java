package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DamagedGalleryTest {
  @TempDir Path tmp;

  /** The damage: 8 bytes XOR-ed at {@code fraction} of the gallery's largest file. */
  static Path damage(Path gallery, double fraction) throws Exception {
    Path largest;
    try (Stream<Path> s = Files.list(gallery)) {
      largest =
          s.filter(Files::isRegularFile)
              .max(Comparator.comparingLong(p -> p.toFile().length()))
              .orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(largest.toFile(), "rw")) {
      long at = (long) (f.length() * fraction);
      for (int i = 0; i < 8; i++) {
        f.seek(at + i);
        int b = f.read();
        f.seek(at + i);
        f.write(b ^ 0xA5);
      }
    }
    return largest;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.5})
  void aFlippedByteIsFoundAtOpenNamingTheFileAndHowToRebuild(double where) throws Exception {
    Path dir = tmp.resolve("g");
    Random r = new Random(5);
    List<GalleryEntry> es = GalleryTest.entries(r, 2000, 64, "a", "b", "c");
    try (LuceneGallery g = LuceneGallery.create(dir, "fp", 64)) {
      g.add(es);
    }
    try (LuceneGallery g = LuceneGallery.open(dir)) {
      assertThat(g.size()).isEqualTo(2000); // intact: opens
    }
    Path file = damage(dir, where);
    assertThatThrownBy(() -> LuceneGallery.open(dir))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining("gallery " + dir + " is damaged")
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("gallery rebuild");
    if (where == 0.5) {
      // inside the vectors: Lucene opens the index, the checksum of the whole file finds it
      assertThatThrownBy(() -> LuceneGallery.open(dir)).hasMessageContaining("fails its checksum");
    }
    assertThat(LuceneGallery.check(dir)).isNotNull(); // CheckIndex agrees
  }
}
