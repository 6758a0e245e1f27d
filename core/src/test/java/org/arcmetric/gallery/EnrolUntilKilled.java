package org.arcmetric.gallery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Child process of {@link CrashTest}: enrols batches into a gallery forever, class {@code bN} for
 * batch N, and prints {@code ACK N} once batch N's commit has returned.
 */
public final class EnrolUntilKilled {
  static final int DIM = 32;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    try (LuceneGallery g = LuceneGallery.openOrCreate(dir, "sha256:crash", DIM)) {
      int next = g.labelCounts().size();
      while (true) {
        Random r = new Random(next);
        List<GalleryEntry> es = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          es.add(new GalleryEntry("b" + next, "batch" + next + "/" + i, GalleryTest.unit(r, DIM)));
        }
        g.add(es);
        System.out.println("ACK " + next);
        System.out.flush();
        next++;
      }
    }
  }

  private EnrolUntilKilled() {}
}
