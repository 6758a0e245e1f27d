package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder decoded through the memory-mapped cache gives exactly what decoding into the heap gives
 * (pixels, labels, sources, skipped files), is read back without decoding while the folder is
 * unchanged, is decoded again when a file changes, and a corrupt photo is named (or skipped)
 * without leaving a cache file behind.
 */
class DecodedCacheTest {
  private static final InputShape RGB16 = InputShape.square(3, 16);
  @TempDir Path tmp;

  Path folder() throws Exception {
    Path root = tmp.resolve("photos");
    Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};
    for (int c = 0; c < 2; c++) {
      Path dir = Files.createDirectories(root.resolve(c == 0 ? "left" : "right"));
      for (int i = 0; i < 5; i++) {
        BufferedImage img =
            TestImages.halves(
                BufferedImage.TYPE_INT_RGB, 20 + i, 24, colours[(c + i) % 4], Color.WHITE);
        Files.write(
            dir.resolve("p" + i + (i % 2 == 0 ? ".png" : ".jpg")),
            TestImages.encode(img, i % 2 == 0 ? "png" : "jpg"));
      }
    }
    Files.writeString(root.resolve("left").resolve("notes.txt"), "not a photo");
    return root;
  }

  static LoadedData heap(Path root, boolean skip) throws Exception {
    return new ImageFolderReader(RGB16, skip, 2).readImageFolder(root);
  }

  LoadedData cached(Path root, boolean skip) throws Exception {
    return new ImageFolderReader(RGB16, skip, 2)
        .optDecodedCache(tmp.resolve("cache"))
        .readImageFolder(root);
  }

  static void assertSame(LoadedData a, LoadedData b) {
    assertThat(b.images().labels()).isEqualTo(a.images().labels());
    assertThat(b.report()).isEqualTo(a.report());
    for (int i = 0; i < a.images().size(); i++) {
      assertThat(b.images().source(i)).isEqualTo(a.images().source(i));
      assertThat(b.images().pixels(i)).isEqualTo(a.images().pixels(i));
    }
  }

  List<Path> cacheFiles() throws Exception {
    try (var s = Files.list(tmp.resolve("cache"))) {
      return s.toList();
    }
  }

  @Test
  void theCacheGivesWhatTheHeapGivesAndIsReadBackUnchanged() throws Exception {
    Path root = folder();
    LoadedData h = heap(root, false);
    LoadedData c = cached(root, false);
    assertThat(c.images().mapped()).isTrue();
    assertThat(h.images().mapped()).isFalse();
    assertThat(c.report().notImages()).isEqualTo(1);
    assertSame(h, c);
    Path file = cacheFiles().get(0);
    FileTime written = Files.getLastModifiedTime(file);
    Thread.sleep(20);
    LoadedData again = cached(root, false);
    assertSame(h, again);
    assertThat(cacheFiles()).containsExactly(file);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
    // subsets, joins and resizes of mapped images hold the same pixels
    ImageSet sub = again.images().subset(new int[] {7, 2});
    assertThat(sub.pixels(0)).isEqualTo(h.images().pixels(7));
    assertThat(sub.withClasses(List.of("left")).size()).isEqualTo(1);
    ImageSet joined = sub.concat(h.images().subset(new int[] {1}));
    assertThat(joined.pixels(2)).isEqualTo(h.images().pixels(1));
    assertThat(again.images().resizedTo(InputShape.square(3, 8)).pixels(3))
        .isEqualTo(h.images().resizedTo(InputShape.square(3, 8)).pixels(3));
  }

  @Test
  void aChangedPhotoIsDecodedAgain() throws Exception {
    Path root = folder();
    cached(root, false);
    Path changed = root.resolve("right").resolve("p0.png");
    Files.write(
        changed,
        TestImages.encode(
            TestImages.halves(BufferedImage.TYPE_INT_RGB, 20, 24, Color.BLACK, Color.BLACK),
            "png"));
    Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    LoadedData c = cached(root, false);
    assertSame(heap(root, false), c);
    int i = c.images().labels().indexOf("right");
    assertThat(c.images().pixels(i)[0]).isEqualTo((byte) 0);
    assertThat(cacheFiles()).hasSize(1);
  }

  @Test
  void aCorruptPhotoIsNamedOrSkippedAndNoCacheIsLeftHalfWritten() throws Exception {
    Path root = folder();
    Path cut = root.resolve("left").resolve("p2.png");
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> cached(root, false))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("p2.png")
        .hasMessageContaining("skipBadImages");
    assertThat(cacheFiles()).isEmpty();
    LoadedData skipped = cached(root, true);
    assertThat(skipped.report().badImages()).containsExactly(cut.toString());
    assertSame(heap(root, true), skipped);
    // an empty file named like a photo is a bad image too, not a file to ignore
    Files.write(cut, whole);
    Path empty = root.resolve("right").resolve("p9.jpg");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> cached(root, false))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("p9.jpg")
        .hasMessageContaining("is empty (0 bytes)");
    assertThatThrownBy(() -> heap(root, false)).hasMessageContaining("is empty (0 bytes)");
    assertThat(cached(root, true).report().badImages()).containsExactly(empty.toString());
  }

  @Test
  void mappedImagesGiveTheSameBatchesAsImagesOnTheHeap() throws Exception {
    Path root = folder();
    ImageSet h = heap(root, false).images();
    ImageSet c = cached(root, false).images();
    Map<String, Integer> index = Map.of("left", 0, "right", 1);
    try (NDManager m = NDManager.newBaseManager("PyTorch");
        BatchDataset a =
            new BatchDataset(
                h,
                index,
                4,
                Augmentation.STANDARD,
                NormalizationPreset.UNIT.forChannels(3),
                9,
                2,
                0);
        BatchDataset b =
            new BatchDataset(
                c,
                index,
                4,
                Augmentation.STANDARD,
                NormalizationPreset.UNIT.forChannels(3),
                9,
                2,
                0)) {
      for (int e = 0; e < 2; e++) {
        Iterator<Batch> x = a.getData(m).iterator();
        Iterator<Batch> y = b.getData(m).iterator();
        int batches = 0;
        while (x.hasNext()) {
          try (Batch p = x.next();
              Batch q = y.next()) {
            assertThat(q.getData().head().toFloatArray())
                .containsExactly(p.getData().head().toFloatArray());
            assertThat(q.getLabels().head().toLongArray())
                .containsExactly(p.getLabels().head().toLongArray());
          }
          batches++;
        }
        assertThat(y.hasNext()).isFalse();
        assertThat(batches).isEqualTo(2);
      }
    }
  }

  @Test
  void aWatchedFolderSaysWhichPhotosChangedOrWentAway() throws Exception {
    Path root = folder();
    ImageSet images = cached(root, false).images();
    FolderWatch watch = FolderWatch.of(images);
    assertThat(watch.changed()).isEmpty();
    Path a = root.resolve("left").resolve("p1.jpg");
    Files.setLastModifiedTime(a, FileTime.fromMillis(123_000));
    Path b = root.resolve("right").resolve("p4.png");
    Files.delete(b);
    assertThat(watch.changed()).containsExactly(a.toString(), b.toString());
  }
}
