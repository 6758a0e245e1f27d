package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.lucene.index.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneStoreTest {
  @TempDir Path tmp;

  @Test
  void aChangeThatFailsIsRolledBackOnDiskAndInMemoryAndTheNextWriteWorks() throws Exception {
    Path dir = tmp.resolve("g");
    Random r = new Random(3);
    GalleryMetadata meta = GalleryMetadata.of("fp", 4, HnswOptions.DEFAULT);
    LuceneStore.create(dir, meta);
    try (LuceneStore s = LuceneStore.open(dir)) {
      s.write(
          meta,
          w ->
              w.addDocument(
                  EntryDocuments.document("id0", "a", "s0", GalleryTest.unit(r, 4), null)));
      ExactIndex before = s.snapshot();
      GalleryMetadata calibrated = meta.withCalibration(GalleryMetadataTest.calibration());
      // a delete, then a failure before the commit: as removeLabel failing half-way
      assertThatThrownBy(
              () ->
                  s.write(
                      calibrated,
                      w -> {
                        w.deleteDocuments(new Term(EntryDocuments.F_LABEL, "a"));
                        throw new IOException("disk full");
                      }))
          .hasMessage("disk full");
      assertThat(s.snapshot()).isSameAs(before);
      assertThat(s.metadata()).isEqualTo(meta);
      // the writer was reopened: the next change commits, and the deleted entry is still there
      s.write(
          meta,
          w ->
              w.addDocument(
                  EntryDocuments.document("id1", "b", "s1", GalleryTest.unit(r, 4), null)));
      assertThat(s.snapshot().labelCounts()).containsEntry("a", 1).containsEntry("b", 1);
    }
    try (LuceneStore s = LuceneStore.open(dir)) {
      assertThat(s.snapshot().size()).isEqualTo(2);
      assertThat(s.metadata().calibration()).isNull();
    }
  }

  @Test
  void aGalleryThatFailsToWriteKeepsItsEntriesThroughTheFacade() throws Exception {
    Path dir = tmp.resolve("f");
    Random r = new Random(4);
    try (LuceneGallery g = LuceneGallery.create(dir, "fp", 4)) {
      g.add(GalleryTest.entries(r, 6, 4, "a", "b"));
      // an invalid entry is refused before anything is written
      assertThatThrownBy(() -> g.add(List.of(new GalleryEntry("c", "x", new float[] {1, 1, 0, 0}))))
          .hasMessageContaining("entry 0 is not a unit vector");
      assertThat(g.size()).isEqualTo(6);
      assertThat(g.removeLabel("a")).isEqualTo(3);
    }
    try (LuceneGallery g = LuceneGallery.open(dir)) {
      assertThat(g.labelCounts()).containsOnlyKeys("b");
    }
  }

  @Test
  void searchOptionsAreRefusedWithTheFieldNamed() {
    assertThatThrownBy(() -> new SearchOptions(SearchMode.AUTO, 0))
        .hasMessage("candidates must be at least 1, got 0");
    assertThat(SearchOptions.DEFAULT.exactFor(SearchOptions.AUTO_EXACT_LIMIT)).isTrue();
    assertThat(SearchOptions.DEFAULT.exactFor(SearchOptions.AUTO_EXACT_LIMIT + 1)).isFalse();
    assertThat(SearchOptions.DEFAULT.withMode(SearchMode.EXACT).exactFor(1_000_000)).isTrue();
    assertThat(SearchOptions.DEFAULT.withMode(SearchMode.APPROXIMATE).exactFor(1)).isFalse();
  }
}
