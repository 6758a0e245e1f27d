package org.arcmetric.gallery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Lucene's CheckIndex over a gallery folder's last commit: decodes every segment (not only the
 * checksums), so it reads every file and takes a while for large galleries. Stateless.
 */
public final class GalleryCheck {
  private GalleryCheck() {}

  /**
   * Whether the gallery at {@code path} is intact.
   *
   * @return null when the index is clean, else what is wrong
   * @throws GalleryException when another process is writing it
   */
  public static String check(Path path) throws IOException {
    try (Directory dir = FSDirectory.open(path);
        CheckIndex checker = new CheckIndex(dir)) {
      checker.setChecksumsOnly(false); // full check: decode every segment, not just checksums
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      checker.setInfoStream(new PrintStream(log, true, "UTF-8"));
      CheckIndex.Status status = checker.checkIndex();
      if (status.clean) {
        return null;
      }
      return status.missingSegments
          ? "segments are missing"
          : status.totLoseDocCount + " documents in broken segments";
    } catch (LockObtainFailedException e) {
      throw new GalleryException(
          "gallery " + path + " is being written by another process; check it afterwards", e);
    }
  }
}
