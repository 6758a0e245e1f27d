package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {
  private static final String A =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void differentFingerprintsNeverReadTheSame() {
    String pooled = A + "#pooled";
    String cl2n = A + "#pooled+cl2n:1a2b3c4d5e6f7a8b";
    String otherCentre = A + "#pooled+cl2n:1a2b3c4d5e6f7a8c";
    String[] all = {A, pooled, cl2n, otherCentre, "sha256:0123456789abXX", "sha256:short"};
    for (String a : all) {
      for (String b : all) {
        if (!a.equals(b)) {
          assertThat(Fingerprints.shown(a, b))
              .as(a + " / " + b)
              .isNotEqualTo(Fingerprints.shown(b, a));
        }
      }
    }
  }

  @Test
  void showsTheHeadAndWhereTheyDiffer() {
    assertThat(Fingerprints.shown(A, "sha256:ff")).isEqualTo("sha256:0123456789ab…");
    assertThat(Fingerprints.shown(A + "#pooled", A)).isEqualTo("sha256:0123456789ab…cdef#pooled");
    assertThat(Fingerprints.shown(A, A + "#pooled"))
        .isEqualTo("sha256:0123456789ab…89abcdef (ends there)");
    assertThat(Fingerprints.shown("sha256:short", A)).isEqualTo("sha256:short");
    assertThat(Fingerprints.shown(A, A)).isEqualTo("sha256:0123456789ab…");
  }
}
