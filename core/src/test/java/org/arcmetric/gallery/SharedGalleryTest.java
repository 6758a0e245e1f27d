package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer at a time, named to the others; readers follow the writer's commits. */
class SharedGalleryTest {
  @TempDir Path tmp;
  static final float[] V = {1, 0};

  @Test
  void aReaderMovesToTheNewestCommitOnRefresh() throws Exception {
    Path dir = tmp.resolve("g");
    try (LuceneGallery writer = LuceneGallery.create(dir, "fp", 2)) {
      writer.add(List.of(new GalleryEntry("circle", "a", V), new GalleryEntry("circle", "b", V)));
      try (LuceneGallery reader = LuceneGallery.open(dir)) {
        assertThat(reader.refresh()).isFalse();
        writer.renameLabel("circle", "ring");
        writer.add(List.of(new GalleryEntry("cross", "c", V)));
        assertThat(reader.labelCounts()).containsOnlyKeys("circle"); // its own view until asked
        assertThat(reader.refresh()).isTrue();
        assertThat(reader.labelCounts()).containsEntry("ring", 2).containsEntry("cross", 1);
        assertThat(reader.searchExact(V, 3)).hasSize(3);
        assertThat(reader.refresh()).isFalse();
      }
    }
  }

  @Test
  void theLockHolderIsNamedToOtherWritersAndItsNoteGoesWithTheLock() throws Exception {
    Path dir = tmp.resolve("g2");
    try (LuceneGallery g = LuceneGallery.create(dir, "fp", 2)) {
      g.add(List.of(new GalleryEntry("circle", "a", V)));
    }
    try (LuceneGallery server = LuceneGallery.open(dir)) {
      server.lockForWriting("arcmetric serve, process 42, at http://127.0.0.1:8080");
      assertThat(dir.resolve(LuceneStore.HOLDER_FILE)).exists();
      try (LuceneGallery cli = LuceneGallery.open(dir)) {
        assertThatThrownBy(() -> cli.renameLabel("circle", "ring"))
            .hasMessageContaining("is being written by another process")
            .hasMessageContaining("arcmetric serve, process 42, at http://127.0.0.1:8080")
            .hasMessageContaining("HTTP API");
        assertThat(cli.labelCounts()).containsOnlyKeys("circle");
      }
      assertThat(server.renameLabel("circle", "ring")).isEqualTo(1);
    }
    assertThat(dir.resolve(LuceneStore.HOLDER_FILE)).doesNotExist();
    try (LuceneGallery next = LuceneGallery.open(dir)) {
      next.lockForWriting(); // free again
      assertThat(next.labelCounts()).containsOnlyKeys("ring");
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .doesNotContain("writer.txt.tmp");
  }
}
