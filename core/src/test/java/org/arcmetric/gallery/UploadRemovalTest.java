package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A removed entry's uploaded image goes with it; orphans are swept; stats count them. */
class UploadRemovalTest {
  @TempDir Path tmp;

  static long uploadFiles(Path gallery) throws Exception {
    Path dir = gallery.resolve(UploadStore.DIR);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> w = Files.walk(dir)) {
      return w.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void removalsDeleteUploadsNoEntryStillUses() throws Exception {
    Path dir = tmp.resolve("g");
    try (LuceneGallery g = LuceneGallery.create(dir, "fp", 2)) {
      UploadStore uploads = new UploadStore(dir);
      String a = uploads.put(new byte[] {1, 2, 3});
      String shared = uploads.put(new byte[] {4, 5, 6});
      String b = uploads.put(new byte[] {7, 8, 9});
      float[] v = {1, 0};
      g.add(
          List.of(
              new GalleryEntry("heart", a, v),
              new GalleryEntry("heart", shared, v),
              new GalleryEntry("star", shared, v),
              new GalleryEntry("star", b, v),
              new GalleryEntry("star", "/photos/x.png", v)));
      assertThat(uploadFiles(dir)).isEqualTo(3);
      long before = g.stats().bytesOnDisk();

      assertThat(g.removeLabel("heart")).isEqualTo(2);
      assertThat(uploads.read(a)).isNull(); // only heart used it
      assertThat(uploads.read(shared)).isNotNull(); // star still does
      assertThat(uploadFiles(dir)).isEqualTo(2);
      assertThat(g.stats().bytesOnDisk()).isLessThan(before);

      String starB =
          g.entries("star").stream().filter(e -> e.source().equals(b)).findFirst().get().id();
      assertThat(g.removeIds(List.of(starB))).isEqualTo(1);
      assertThat(uploads.read(b)).isNull();
      assertThat(g.removeSources(List.of(shared))).isEqualTo(1);
      assertThat(uploadFiles(dir)).isZero();
      assertThat(g.size()).isEqualTo(1); // the file-enrolled entry is not an upload
    }
  }

  @Test
  void orphansOfKilledEnrolmentsAreSweptAndCounted() throws Exception {
    Path dir = tmp.resolve("g2");
    try (LuceneGallery g = LuceneGallery.create(dir, "fp", 2)) {
      UploadStore uploads = new UploadStore(dir);
      String kept = uploads.put(new byte[] {1});
      uploads.put(new byte[100]); // stored, never committed: an enrolment killed in between
      Path partial = Files.createDirectories(dir.resolve(UploadStore.DIR).resolve("ab"));
      Files.write(partial.resolve("abcdef.tmp"), new byte[10]);
      g.add(List.of(new GalleryEntry("heart", kept, new float[] {1, 0})));
      assertThat(uploads.bytes()).isEqualTo(1 + 100 + 10);

      UploadStore.Swept swept = g.removeOrphanedUploads();
      assertThat(swept.files()).isEqualTo(2);
      assertThat(swept.bytes()).isEqualTo(110);
      assertThat(uploads.read(kept)).isNotNull();
      assertThat(uploads.bytes()).isEqualTo(1);
    }
  }
}
