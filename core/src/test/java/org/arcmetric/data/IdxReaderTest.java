package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path tmp;

  static byte[] idxImages(int count, int rows, int cols) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(0x803);
    d.writeInt(count);
    d.writeInt(rows);
    d.writeInt(cols);
    for (int i = 0; i < count * rows * cols; i++) {
      d.writeByte(i % 251);
    }
    return b.toByteArray();
  }

  static byte[] idxLabels(int... labels) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(0x801);
    d.writeInt(labels.length);
    for (int l : labels) {
      d.writeByte(l);
    }
    return b.toByteArray();
  }

  static void write(Path p, byte[] data, boolean gzip) throws Exception {
    try (OutputStream o =
        gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      o.write(data);
    }
  }

  @Test
  void readsPlainAndGzipFilesAlike() throws Exception {
    write(tmp.resolve("a"), idxImages(3, 2, 4), false);
    write(tmp.resolve("b"), idxImages(3, 2, 4), true);
    IdxReader.Images plain = IdxReader.readImages(tmp.resolve("a"));
    IdxReader.Images gz = IdxReader.readImages(tmp.resolve("b"));
    assertThat(plain.rows()).isEqualTo(2);
    assertThat(plain.cols()).isEqualTo(4);
    assertThat(plain.pixels()).hasNumberOfRows(3);
    assertThat(plain.pixels()[1][0] & 0xff).isEqualTo(8);
    assertThat(gz.pixels()).isDeepEqualTo(plain.pixels());
  }

  @Test
  void labelsAreUnsigned() throws Exception {
    write(tmp.resolve("l"), idxLabels(0, 9, 200), true);
    assertThat(IdxReader.readLabels(tmp.resolve("l"))).containsExactly(0, 9, 200);
  }

  @Test
  void wrongMagicAndTruncationAreNamed() throws Exception {
    write(tmp.resolve("labels-as-images"), idxLabels(1, 2), false);
    assertThatThrownBy(() -> IdxReader.readImages(tmp.resolve("labels-as-images")))
        .hasMessageContaining("labels-as-images")
        .hasMessageContaining("not an IDX image file");
    byte[] whole = idxImages(5, 4, 4);
    write(tmp.resolve("short"), Arrays.copyOf(whole, whole.length - 3), false);
    assertThatThrownBy(() -> IdxReader.readImages(tmp.resolve("short")))
        .hasMessageContaining("truncated");
  }

  @Test
  void fashionMnistLoadsTheBundledSubsetWithClassNames() throws Exception {
    Path dir = Path.of("..", "data", "fashion-mnist-mini");
    ImageSet train = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
    assertThat(train.size()).isEqualTo(3000);
    assertThat(train.shape()).isEqualTo(new InputShape(1, 28, 28));
    assertThat(train.classes()).containsExactlyInAnyOrderElementsOf(FashionMnist.CLASS_NAMES);
    assertThat(train.counts().values()).containsOnly(300);
  }

  @Test
  void missingFashionMnistSaysHowToGetIt() {
    assertThatThrownBy(() -> FashionMnist.load(tmp, FashionMnist.Split.TEST))
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("t10k-images-idx3-ubyte");
  }

  @Test
  void specsParse() {
    assertThat(DataSpec.parse("fashion-mnist:train", null))
        .isEqualTo(
            new DataSpec.FashionMnistSpec(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TRAIN));
    assertThat(DataSpec.parse("fashion-mnist:/x/y:test", null))
        .isEqualTo(new DataSpec.FashionMnistSpec(Path.of("/x/y"), FashionMnist.Split.TEST));
    assertThat(DataSpec.parse("some/folder", "cats"))
        .isEqualTo(new DataSpec.Folder(Path.of("some/folder"), "cats"));
    assertThatThrownBy(() -> DataSpec.parse("fashion-mnist:validation", null))
        .hasMessageContaining("fashion-mnist:DIR:train|test");
    DataSpec half = DataSpec.parse("fashion-mnist:/x/y:test@2/3", null);
    assertThat(half)
        .isEqualTo(
            new DataSpec.Part(
                new DataSpec.FashionMnistSpec(Path.of("/x/y"), FashionMnist.Split.TEST), 2, 3));
    assertThat(half.describe()).isEqualTo("fashion-mnist:/x/y:test@2/3");
    assertThat(DataSpec.parse("my@home/cats@1/2", null))
        .isEqualTo(new DataSpec.Part(new DataSpec.Folder(Path.of("my@home/cats"), null), 1, 2));
    assertThatThrownBy(() -> DataSpec.parse("fashion-mnist:test@3/2", null))
        .hasMessageContaining("@I/N with 1 <= I <= N");
    assertThatThrownBy(() -> DataSpec.parse("fashion-mnist:test@1/1", null))
        .hasMessageContaining("N >= 2");
  }

  @Test
  void partsAreDisjointStratifiedAndMakeTheWhole() throws Exception {
    DataSpec whole = DataSpec.parse("fashion-mnist:../data/fashion-mnist-mini:test", null);
    InputShape shape = new InputShape(1, 28, 28);
    ImageSet all = whole.load(shape, false).images();
    Set<String> union = new HashSet<>();
    int total = 0;
    for (int i = 1; i <= 3; i++) {
      ImageSet part = new DataSpec.Part(whole, i, 3).load(shape, false).images();
      total += part.size();
      for (int j = 0; j < part.size(); j++) {
        union.add(part.source(j));
      }
      // 100 test images per class: 34, 33, 33
      for (String c : all.classes()) {
        long n = part.labels().stream().filter(c::equals).count();
        assertThat(n).as("part %d, class %s", i, c).isEqualTo(i == 1 ? 34 : 33);
      }
      // the same part twice is the same images
      ImageSet again = new DataSpec.Part(whole, i, 3).load(shape, false).images();
      assertThat(again.source(0)).isEqualTo(part.source(0));
    }
    assertThat(total).isEqualTo(all.size());
    assertThat(union).hasSize(all.size());
  }
}
