package org.arcmetric.server;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.EntryRef;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.GalleryMetadata;
import org.arcmetric.gallery.GalleryProvider;
import org.arcmetric.gallery.GalleryStats;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.SearchOptions;
import org.arcmetric.gallery.StorageFailure;

/**
 * A test gallery engine, {@code flakydisk:///PATH}: the folder gallery at PATH, whose writes fail
 * as the file system would while {@link #failure} is set (a full disk, a read-only mount), which no
 * test can arrange for a process running as root.
 */
public final class FlakyDisk implements GalleryProvider {
  /** How writes fail now; null: they work. */
  static volatile StorageFailure failure;

  static String location(Path folder) {
    return "flakydisk://" + folder.toAbsolutePath();
  }

  private static Path path(String location) {
    return Path.of(location.substring("flakydisk://".length()));
  }

  @Override
  public boolean accepts(String location) {
    return location.startsWith("flakydisk://");
  }

  @Override
  public boolean exists(String location) {
    return path(location).resolve("segments_1").toFile().exists()
        || path(location).toFile().isDirectory();
  }

  @Override
  public Gallery open(String location) throws IOException {
    return new Flaky(LuceneGallery.open(path(location)), location);
  }

  @Override
  public Gallery create(
      String location, String fingerprint, int dimension, Map<String, String> engineOptions)
      throws IOException {
    return new Flaky(
        LuceneGallery.create(
            path(location), fingerprint, dimension, HnswOptions.fromOptions(engineOptions)),
        location);
  }

  static void failIfSet(String location) throws IOException {
    StorageFailure f = failure;
    if (f != null) {
      throw new FileSystemException(
          location,
          null,
          f == StorageFailure.FULL ? "No space left on device" : "Read-only file system");
    }
  }

  /** Delegates everything; writes fail first while {@link #failure} is set. */
  private record Flaky(LuceneGallery g, String location) implements Gallery {
    @Override
    public GalleryMetadata metadata() {
      return g.metadata();
    }

    @Override
    public int size() {
      return g.size();
    }

    @Override
    public Map<String, Integer> labelCounts() {
      return g.labelCounts();
    }

    @Override
    public List<EntryRef> entries(String label) {
      return g.entries(label);
    }

    @Override
    public List<String> add(List<GalleryEntry> entries) throws IOException {
      failIfSet(location);
      return g.add(entries);
    }

    @Override
    public int removeLabel(String label) throws IOException {
      failIfSet(location);
      return g.removeLabel(label);
    }

    @Override
    public int removeIds(Collection<String> ids) throws IOException {
      failIfSet(location);
      return g.removeIds(ids);
    }

    @Override
    public int removeSources(Collection<String> sources) throws IOException {
      failIfSet(location);
      return g.removeSources(sources);
    }

    @Override
    public int renameLabel(String from, String to) throws IOException {
      failIfSet(location);
      return g.renameLabel(from, to);
    }

    @Override
    public byte[] thumbnail(String id) throws IOException {
      return g.thumbnail(id);
    }

    @Override
    public GalleryStats stats() throws IOException {
      return g.stats();
    }

    @Override
    public void setCalibration(Calibration c) throws IOException {
      failIfSet(location);
      g.setCalibration(c);
    }

    @Override
    public List<Neighbour> search(float[] query, int k, SearchOptions options) {
      return g.search(query, k, options);
    }

    @Override
    public List<Neighbour> searchExact(float[] query, int k) {
      return g.searchExact(query, k);
    }

    @Override
    public Map<String, float[]> centroids() {
      return g.centroids();
    }

    @Override
    public ExactIndex snapshot() {
      return g.snapshot();
    }

    @Override
    public String check() throws IOException {
      return g.check();
    }

    @Override
    public void lockForWriting(String holder) throws IOException {
      failIfSet(location);
      g.lockForWriting(holder);
    }

    @Override
    public void close() throws IOException {
      g.close();
    }
  }
}
