package org.arcmetric.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
  @TempDir Path root;
  private final InputShape shape = InputShape.square(1, 16);

  @BeforeEach
  void layout() throws Exception {
    Files.createDirectories(root.resolve("cat/nested"));
    Files.createDirectories(root.resolve("dog"));
    Files.write(root.resolve("cat/a.png"), TestImages.encode(TestImages.grey(20, 30, 10), "png"));
    Files.write(
        root.resolve("cat/nested/b.bmp"), TestImages.encode(TestImages.grey(8, 8, 20), "bmp"));
    Files.write(root.resolve("dog/c.jpg"), TestImages.encode(TestImages.grey(64, 64, 200), "jpeg"));
    Files.writeString(root.resolve("dog/readme.txt"), "not an image");
    Files.writeString(root.resolve("dog/.DS_Store"), "hidden");
  }

  @Test
  void readsClassesFromSubfoldersAndSkipsNonImages() throws Exception {
    LoadedData d = new ImageFolderReader(shape, false, 2).readImageFolder(root);
    assertThat(d.images().labels()).containsExactly("cat", "cat", "dog");
    assertThat(d.images().size()).isEqualTo(3);
    assertThat(d.report().notImages()).isEqualTo(1);
    assertThat(d.report().summary()).contains("3 images loaded", "1 non-image files skipped");
    assertThat(d.images().pixels(2)[0] & 0xff).isBetween(190, 210);
  }

  @Test
  void corruptImageStopsWithItsNameUnlessSkipped() throws Exception {
    byte[] png = TestImages.encode(TestImages.grey(32, 32, 90), "png");
    Path bad = root.resolve("dog/broken.png");
    Files.write(bad, Arrays.copyOf(png, png.length / 2));
    assertThatThrownBy(() -> new ImageFolderReader(shape, false, 2).readImageFolder(root))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("{skipBadImages}");
    LoadedData d = new ImageFolderReader(shape, true, 2).readImageFolder(root);
    assertThat(d.images().size()).isEqualTo(3);
    assertThat(d.report().badImages()).containsExactly(bad.toString());
  }

  @Test
  void aPhotoInAFormatThatCannotBeReadIsNamedNotCountedAsAStrayFile() throws Exception {
    // an iPhone photo keeps its class from being silently empty: named, with what to do
    Path heic = root.resolve("dog/IMG_0001.HEIC");
    byte[] head = new byte[64];
    byte[] box = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'};
    System.arraycopy(box, 0, head, 0, box.length);
    Files.write(heic, head);
    assertThatThrownBy(() -> new ImageFolderReader(shape, false, 2).readImageFolder(root))
        .isInstanceOf(BadImageException.class)
        .hasMessage(
            heic
                + ": a HEIC/HEIF photo (the iPhone camera's format), which arcmetric cannot read"
                + " (PNG, JPEG, GIF, BMP or TIFF): convert it to JPEG; pass {skipBadImages} to skip"
                + " such files");
    LoadedData d = new ImageFolderReader(shape, true, 2).readImageFolder(root);
    assertThat(d.images().size()).isEqualTo(3);
    assertThat(d.report().badImages()).containsExactly(heic.toString());
    assertThat(d.report().notImages()).isEqualTo(1); // readme.txt, as before
  }

  @Test
  void tiffPhotosAreRead() throws Exception {
    Files.write(root.resolve("dog/d.tif"), TestImages.encode(TestImages.grey(24, 24, 60), "tiff"));
    LoadedData d = new ImageFolderReader(shape, false, 2).readImageFolder(root);
    assertThat(d.images().labels()).containsExactly("cat", "cat", "dog", "dog");
    assertThat(d.images().pixels(3)[0] & 0xff).isEqualTo(60);
  }

  @Test
  void flatFolderIsOneClass() throws Exception {
    LoadedData d = new ImageFolderReader(shape, false, 1).readFlat(root.resolve("cat"), "kitten");
    assertThat(d.images().labels()).containsExactly("kitten", "kitten");
  }

  @Test
  void emptyOrWrongLayoutIsExplained() throws Exception {
    Path empty = Files.createDirectories(root.resolve("empty/only"));
    assertThatThrownBy(() -> new ImageFolderReader(shape, false, 1).readImageFolder(empty))
        .hasMessageContaining("no class sub-folders");
    assertThatThrownBy(
            () -> new ImageFolderReader(shape, false, 1).readImageFolder(root.resolve("missing")))
        .hasMessageContaining("no such folder");
  }
}
