package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels that print as nothing, as another label, or as two lines are refused; NFC is one form. */
class LabelsUnicodeTest {
  static final String NFC = "caf\u00e9";
  static final String NFD = "cafe\u0301";
  @TempDir Path tmp;

  @Test
  void labelsWithNothingVisibleAreRefused() {
    for (String blank : new String[] {"\u00a0", "\u3164", "\u2800", "\u0301", "\u115f\u1160"}) {
      assertThat(Labels.problem(blank))
          .as("U+%04X", (int) blank.charAt(0))
          .isNotNull()
          .containsAnyOf("no visible character", "white space");
    }
    assertThat(Labels.problem("\u3164")).contains("no visible character");
    assertThat(Labels.problem("\u2800")).contains("no visible character");
    assertThat(Labels.problem("\u0301")).contains("no visible character");
  }

  @Test
  void separatorsAndTheReservedWordBehindUnicodeSpacesAreRefused() {
    assertThat(Labels.problem("a\u2028b")).contains("U+2028");
    assertThat(Labels.problem("a\u2029b")).contains("U+2029");
    assertThat(Labels.problem("unknown\u00a0")).contains("white space");
    assertThat(Labels.problem("\u2003unknown")).contains("white space");
    assertThat(Labels.problem("a\u00a0b")).isNull(); // inside a label a no-break space is fine
  }

  @Test
  void nfcAndNfdAreOneLabel() {
    assertThat(NFD).isNotEqualTo(NFC);
    assertThat(Labels.validate(NFD)).isEqualTo(NFC);
    assertThat(new GalleryEntry(NFD, "s", new float[] {1, 0}).label()).isEqualTo(NFC);
  }

  @Test
  void lookAlikesOfAnExistingClassAreRefusedNamingTheCharacter() {
    Set<String> existing = Set.of("apple", NFC);
    assertThat(Labels.confusion("\u0430pple", existing))
        .contains("looks like the class 'apple'", "U+0430 CYRILLIC SMALL LETTER A");
    assertThat(Labels.confusion("Apple", existing)).contains("'apple'");
    assertThat(Labels.confusion("\uff41pple", existing)).contains("'apple'"); // full-width a
    assertThat(Labels.confusion("apple", existing)).isNull();
    assertThat(Labels.confusion(NFD, existing)).isNull(); // the same class
    assertThat(Labels.confusion("cafe", existing)).isNull(); // accents make another word
    assertThat(Labels.confusion("pear", existing)).isNull();
    assertThat(Labels.skeleton("\u03bf\u0440\u0435n  Sky")).isEqualTo("open sky");
  }

  @Test
  void theGalleryStoresNfcAndRefusesLookAlikesOnRename() throws Exception {
    try (LuceneGallery g = LuceneGallery.create(tmp.resolve("g"), "fp", 2)) {
      g.add(List.of(new GalleryEntry(NFD, "s1", new float[] {1, 0})));
      g.add(List.of(new GalleryEntry(NFC, "s2", new float[] {1, 0})));
      g.add(List.of(new GalleryEntry("apple", "s3", new float[] {1, 0})));
      assertThat(g.labelCounts()).containsEntry(NFC, 2).hasSize(2);
      assertThat(g.entries(NFD)).hasSize(2);

      assertThatThrownBy(() -> g.renameLabel(NFC, "\u0430pple"))
          .hasMessageContaining("looks like the class 'apple'");
      assertThat(g.renameLabel("apple", "Apple")).isEqualTo(1); // its own look-alike is fine
      assertThat(g.removeLabel(NFD)).isEqualTo(2);
      assertThat(g.labelCounts()).containsOnlyKeys("Apple");
    }
  }
}
