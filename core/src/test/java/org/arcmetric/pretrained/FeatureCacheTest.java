package org.arcmetric.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature cache file: what goes in comes back (per view, per image), a file is rebuilt when an
 * image changed and refused when it belongs to another backbone, input or views, or is cut short.
 */
class FeatureCacheTest {
  @TempDir Path tmp;

  /** {@code n} images written as files (their sources), 1 × 8 × 8 pixels each. */
  ImageSet images(int n) throws Exception {
    return imagesIn(tmp, n);
  }

  /** {@code n} images written as files in {@code dir}. */
  static ImageSet imagesIn(Path dir, int n) throws Exception {
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = dir.resolve("img" + i + ".png");
      Files.writeString(f, "image " + i);
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L + i));
      labels.add(i % 2 == 0 ? "a" : "b");
      sources.add(f.toString());
      byte[] p = new byte[64];
      p[0] = (byte) i;
      pixels.add(p);
    }
    return new ImageSet(InputShape.square(1, 8), labels, sources, pixels);
  }

  static FeatureCache.Key key(String backbone, ImageSet images, int views, int dim) {
    return new FeatureCache.Key(
        backbone,
        List.of(1, 8, 8),
        "mean/std",
        "light",
        views,
        7,
        images.size(),
        dim,
        FeatureCache.dataFingerprint(images),
        FeatureCache.location(images));
  }

  /** Writes features {@code 100·view + 10·image + j} and returns the table. */
  static FeatureTable write(Path dir, FeatureCache.Key key) throws Exception {
    try (FeatureCache.Writer w = FeatureCache.writer(dir, key)) {
      // views written out of order, images in two pieces: each lands at its place
      for (int v = key.views() - 1; v >= 0; v--) {
        for (int first : new int[] {2, 0}) {
          int n = first == 0 ? 2 : key.count() - 2;
          float[] f = new float[n * key.dim()];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < key.dim(); j++) {
              f[i * key.dim() + j] = 100 * v + 10 * (first + i) + j;
            }
          }
          w.write(v, first, n, f);
        }
      }
      return w.finish();
    }
  }

  @Test
  void whatIsWrittenIsReadBackByViewAndImage() throws Exception {
    ImageSet im = images(5);
    FeatureCache.Key k = key("torchscript:sha256:aa", im, 3, 4);
    FeatureTable written = write(tmp.resolve("cache"), k);
    FeatureTable read = FeatureCache.read(tmp.resolve("cache").resolve(k.fileName()), k);
    for (FeatureTable t : List.of(written, read)) {
      assertThat(t.count()).isEqualTo(5);
      assertThat(t.views()).isEqualTo(3);
      assertThat(t.get(0, 0)).containsExactly(0, 1, 2, 3);
      assertThat(t.get(2, 4)).containsExactly(240, 241, 242, 243);
      assertThat(t.get(1, 3)).containsExactly(130, 131, 132, 133);
    }
    // no temporary file is left beside it
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(k.fileName());
    }
  }

  @Test
  void aChangedImageMakesTheCacheOutOfDate() throws Exception {
    ImageSet im = images(4);
    FeatureCache.Key k = key("torchscript:sha256:aa", im, 1, 2);
    Path dir = tmp.resolve("cache");
    write(dir, k);
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
    assertThat(FeatureCache.lookup(dir, k, out)).isNotNull();

    Path changed = Path.of(im.source(2));
    Files.writeString(changed, "another photo, longer");
    FeatureCache.Key now = key("torchscript:sha256:aa", im, 1, 2);
    assertThat(now.fileName()).isEqualTo(k.fileName());
    assertThat(now.data()).isNotEqualTo(k.data());
    assertThat(FeatureCache.lookup(dir, now, out)).isNull();
    assertThat(said.toString(StandardCharsets.UTF_8))
        .contains("the images changed since it was built", "computing the features again");
    // only a new modification time counts too
    write(dir, now);
    Files.setLastModifiedTime(changed, FileTime.fromMillis(5_000_000L));
    assertThat(FeatureCache.lookup(dir, key("torchscript:sha256:aa", im, 1, 2), out)).isNull();
  }

  @Test
  void aCacheOfAnotherBackboneOrViewsIsRefused() throws Exception {
    ImageSet im = images(4);
    FeatureCache.Key k = key("onnx:sha256:bb", im, 2, 2);
    Path file = tmp.resolve(k.fileName());
    write(tmp, k);
    assertThatThrownBy(() -> FeatureCache.read(file, key("onnx:sha256:cc", im, 2, 2)))
        .isInstanceOf(FeatureCache.Mismatch.class)
        .hasMessageContaining("belongs to another backbone (onnx:sha256:bb)");
    assertThatThrownBy(() -> FeatureCache.read(file, key("onnx:sha256:bb", im, 3, 2)))
        .isInstanceOf(FeatureCache.Mismatch.class)
        .hasMessageContaining("other views");
    assertThatThrownBy(() -> FeatureCache.read(file, key("onnx:sha256:bb", im, 2, 5)))
        .hasMessageContaining("its features have 2 values, the backbone gives 5");
  }

  @Test
  void aFileCutShortOrNotACacheIsRefused() throws Exception {
    ImageSet im = images(4);
    FeatureCache.Key k = key("onnx:sha256:bb", im, 2, 2);
    Path file = tmp.resolve(k.fileName());
    write(tmp, k);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length - 4));
    assertThatThrownBy(() -> FeatureCache.read(file, k))
        .isInstanceOf(FeatureCache.Mismatch.class)
        .hasMessageContaining("is cut short");
    Files.writeString(file, "hello");
    assertThatThrownBy(() -> FeatureCache.read(file, k))
        .isInstanceOf(FeatureCache.Mismatch.class)
        .hasMessageContaining("is not an arcmetric feature cache");
  }

  @Test
  void theFileNameDependsOnWhatDecidesTheFeaturesButNotOnTheImages() throws Exception {
    ImageSet a = images(3);
    ImageSet b = images(4);
    assertThat(key("x", a, 2, 2).fileName()).isEqualTo(key("x", b, 2, 2).fileName());
    assertThat(key("x", a, 2, 2).fileName()).isNotEqualTo(key("y", a, 2, 2).fileName());
    assertThat(key("x", a, 2, 2).fileName()).isNotEqualTo(key("x", a, 3, 2).fileName());
  }

  @Test
  void twoFoldersOnOneBackboneKeepAFileEachAndNeitherEvictsTheOther() throws Exception {
    Path one = Files.createDirectories(tmp.resolve("one"));
    Path two = Files.createDirectories(tmp.resolve("two"));
    ImageSet a = imagesIn(one, 3);
    ImageSet b = imagesIn(two, 3);
    assertThat(FeatureCache.location(a)).isEqualTo(one + "/");
    FeatureCache.Key ka = key("x", a, 2, 2);
    FeatureCache.Key kb = key("x", b, 2, 2);
    assertThat(ka.fileName()).isNotEqualTo(kb.fileName());
    Path dir = tmp.resolve("cache");
    write(dir, ka);
    write(dir, kb);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertThat(FeatureCache.lookup(dir, ka, quiet)).isNotNull();
    assertThat(FeatureCache.lookup(dir, kb, quiet)).isNotNull();
    // a file read under another folder's key says which folder it belongs to
    assertThatThrownBy(() -> FeatureCache.read(dir.resolve(ka.fileName()), kb))
        .isInstanceOf(FeatureCache.Mismatch.class)
        .hasMessageContaining("computed for the images in " + one + "/");
  }

  @Test
  void theLocationIsTheCommonFolderOfTheSources() {
    InputShape s = InputShape.square(1, 8);
    byte[] p = new byte[64];
    ImageSet set =
        new ImageSet(
            s,
            List.of("a", "b"),
            List.of("/d/photos/cats/x1.jpg", "/d/photos/cows/x2.jpg"),
            List.of(p, p));
    assertThat(FeatureCache.location(set)).isEqualTo("/d/photos/");
    ImageSet one = new ImageSet(s, List.of("a"), List.of("/d/photos/cats/x1.jpg"), List.of(p));
    assertThat(FeatureCache.location(one)).isEqualTo("/d/photos/cats/");
  }
}
