package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void ordinaryNamesPassIncludingSlashesAndMarkup() {
    for (String ok :
        new String[] {"T-shirt/top", "Ankle boot", "a", "<b>", "café", "x".repeat(100)}) {
      assertThat(Labels.problem(ok)).as(ok).isNull();
      assertThat(Labels.validate(ok)).isEqualTo(ok);
    }
  }

  @Test
  void controlCharactersReservedWordsPathsAndLengthAreRefusedWithTheReason() {
    assertThat(Labels.problem("a\tb")).contains("U+0009");
    assertThat(Labels.problem("a\nb")).contains("U+000A");
    assertThat(Labels.problem("a\u202Eb")).contains("U+202E"); // right-to-left override
    assertThat(Labels.problem("Unknown")).contains("what a prediction answers");
    assertThat(Labels.problem("../../etc")).contains("'.' and '..'");
    assertThat(Labels.problem("a/../b")).contains("'.' and '..'");
    assertThat(Labels.problem("/etc")).contains("may not start with /");
    assertThat(Labels.problem(" padded")).contains("white space");
    assertThat(Labels.problem("")).contains("at least one character");
    assertThat(Labels.problem("x".repeat(101))).contains("101 characters");
    assertThatThrownBy(() -> Labels.validate("a\tb"))
        .hasMessage(
            "label 'a\\tb' cannot be used: it holds the control or formatting character U+0009"
                + " (tabs and newlines included)");
  }

  @Test
  void tsvEscapingKeepsOneFieldOnOneLine() {
    assertThat(Labels.forTsv("a\tb\nc\\d\re\u0001")).isEqualTo("a\\tb\\nc\\\\d\\re\\u0001");
    assertThat(Labels.forTsv("T-shirt/top")).isEqualTo("T-shirt/top");
  }

  @Test
  void theGalleryRefusesABadLabelBeforeWritingAndOnRename() throws Exception {
    Path dir = Files.createTempDirectory("labels");
    try (LuceneGallery g = LuceneGallery.create(dir.resolve("g"), "fp", 4)) {
      float[] v = {1, 0, 0, 0};
      assertThatThrownBy(() -> g.add(List.of(new GalleryEntry("unknown", "s", v))))
          .hasMessageContaining("entry 0: the label 'unknown' cannot be used");
      assertThat(g.size()).isZero();
      g.add(List.of(new GalleryEntry("a", "s", v)));
      assertThatThrownBy(() -> g.renameLabel("a", "b\nc")).hasMessageContaining("U+000A");
      assertThat(g.labelCounts()).containsOnlyKeys("a");
    }
  }
}
