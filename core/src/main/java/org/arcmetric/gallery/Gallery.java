package org.arcmetric.gallery;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gallery: labelled unit vectors made by one model, searched by cosine similarity (the dot
 * product of unit vectors). Two engines implement it: {@link LuceneGallery}, a Lucene index folder
 * on this machine, and the SolrCloud gallery of the {@code arcmetric-solr} module, a collection
 * spread over shards. Classifiers, calibration, evaluation, {@code predict} and {@code serve} use
 * only this interface; {@link Galleries#open} picks the engine from the gallery's location (a
 * folder or a {@code solr://} URI).
 *
 * <p>The contract every engine keeps (and the conformance suite checks on both):
 *
 * <ul>
 *   <li>{@link #search(float[], int, SearchOptions)} answers the k most similar entries, most
 *       similar first, scored by the exact cosine (an engine that finds candidates approximately
 *       re-ranks them exactly); {@link #searchExact} is the brute-force oracle.
 *   <li>{@link #centroids()} is exact: per label, the normalised mean of all its vectors.
 *   <li>Every write returns only once it is durable and visible to the next search; a failed write
 *       changes nothing.
 *   <li>A gallery records the fingerprint of the model that made its vectors ({@link
 *       #requireModel}) and, once calibrated, its {@link Calibration}.
 * </ul>
 *
 * <p>Thread-safety: searches may run from many threads, also during writes; implementations say how
 * writes are serialised.
 */
public interface Gallery extends VectorSearch, AutoCloseable {
  /** Where the gallery is: a folder path or a URI, as it would be given to {@link Galleries}. */
  String location();

  /** The gallery's format, dimension, model fingerprint, index options and calibration. */
  GalleryMetadata metadata();

  /**
   * The engine's own options this gallery was created with ({@link GalleryProvider#create}), as
   * {@code key → value}; none by default.
   */
  default Map<String, String> engineOptions() {
    return Map.of();
  }

  /** Vector length d. */
  default int dimension() {
    return metadata().dimension();
  }

  /** Fingerprint of the model whose embeddings the gallery holds. */
  default String fingerprint() {
    return metadata().fingerprint();
  }

  /**
   * Refuses to go on if this gallery was made by another model.
   *
   * @param modelFingerprint the fingerprint of the model about to be used
   * @param modelName how to name that model in the message
   * @throws GalleryException naming the gallery and both fingerprints
   */
  default void requireModel(String modelFingerprint, String modelName) throws GalleryException {
    String fingerprint = fingerprint();
    if (!fingerprint.equals(modelFingerprint)) {
      throw new GalleryException(
          "gallery "
              + location()
              + " was built with another model (fingerprint "
              + Fingerprints.shown(fingerprint, modelFingerprint)
              + ", but "
              + modelName
              + " is "
              + Fingerprints.shown(modelFingerprint, fingerprint)
              + "): its embeddings cannot be compared. Enroll the images again with this model"
              + " into a new gallery");
    }
  }

  /** Number of entries. */
  int size();

  /** Entries per label, labels sorted. */
  @Override
  Map<String, Integer> labelCounts();

  /** The entries of {@code label} (ids and sources, no vectors); empty if it is not a class. */
  List<EntryRef> entries(String label) throws IOException;

  /**
   * Adds entries; returns their new ids once they are durable.
   *
   * @throws IllegalArgumentException if a vector is not a finite unit vector of the gallery's
   *     dimension or a label breaks {@link Labels} (then nothing is added)
   */
  List<String> add(List<GalleryEntry> entries) throws IOException;

  /** Removes every entry of {@code label}; returns how many were removed. */
  int removeLabel(String label) throws IOException;

  /** Removes the entries with these ids; returns how many of the ids were in the gallery. */
  int removeIds(Collection<String> ids) throws IOException;

  /** Removes every entry enrolled from one of these sources; returns how many were removed. */
  int removeSources(Collection<String> sources) throws IOException;

  /**
   * Renames class {@code from} to {@code to} (entries keep their ids, sources and vectors). Refuses
   * a new name that breaks {@link Labels} or is already a class.
   *
   * @return how many entries were renamed (0 if {@code from} is not a class)
   */
  int renameLabel(String from, String to) throws IOException;

  /** The PNG thumbnail stored with entry {@code id}, or null if it has none or does not exist. */
  byte[] thumbnail(String id) throws IOException;

  /** Entries, classes, dimension, model fingerprint and bytes stored. */
  GalleryStats stats() throws IOException;

  /** The stored calibration, or null if the gallery was never calibrated. */
  default Calibration calibration() {
    return metadata().calibration();
  }

  /**
   * Why the stored calibration no longer fits the gallery ({@link Calibration#staleFor}), or null
   * when it fits or there is none.
   */
  default String calibrationStaleness() {
    Calibration c = calibration();
    return c == null ? null : c.staleFor(size(), labelCounts().size());
  }

  /** Stores {@code c} (null removes it); later writes keep it, which may make it stale. */
  void setCalibration(Calibration c) throws IOException;

  /** The k most similar entries, most similar first, with {@link SearchOptions#DEFAULT}. */
  @Override
  default List<Neighbour> search(float[] query, int k) {
    return search(query, k, SearchOptions.DEFAULT);
  }

  /**
   * The k most similar entries, most similar first, scored by exact cosine; {@code options} say
   * whether candidates are found by exact scan or by the engine's HNSW graph, and how many.
   *
   * @throws IllegalArgumentException if the query's length is not the gallery's dimension
   */
  List<Neighbour> search(float[] query, int k, SearchOptions options);

  /**
   * Refuses a query whose length is not the gallery's dimension; every engine's search calls it.
   *
   * @throws IllegalArgumentException naming both lengths
   */
  default void requireQueryDimension(float[] query) {
    int dim = dimension();
    if (query.length != dim) {
      throw new IllegalArgumentException(
          "query has dimension " + query.length + "; this gallery holds dimension " + dim);
    }
  }

  /**
   * Refuses {@code to} as the new name of class {@code from} of this gallery, whose classes are
   * {@code labels}: blank, against the {@link Labels} rule, already a class, or reading like
   * another class ({@link Labels#confusion}). Every engine's {@link #renameLabel} calls it first.
   *
   * @return {@code to} as it will be stored ({@link Labels#nfc})
   * @throws IllegalArgumentException saying which
   */
  default String requireNewClassName(String from, String to, Set<String> labels) {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("the new class name must not be blank");
    }
    String name = Labels.validate(to);
    if (labels.contains(name)) {
      throw new IllegalArgumentException(
          "gallery " + location() + " already has a class '" + name + "'; choose a new name");
    }
    Set<String> others = new HashSet<>(labels);
    others.remove(Labels.nfc(from));
    Labels.requireDistinct(name, others);
    return name;
  }

  /** The k most similar entries by exact scan of every vector (the oracle). */
  List<Neighbour> searchExact(float[] query, int k);

  /** This gallery searched with {@code options}: a view for classifiers, sharing its entries. */
  default VectorSearch searcher(SearchOptions options) {
    Gallery g = this;
    return new VectorSearch() {
      @Override
      public List<Neighbour> search(float[] query, int k) {
        return g.search(query, k, options);
      }

      @Override
      public Map<String, float[]> centroids() {
        return g.centroids();
      }

      @Override
      public Map<String, Integer> labelCounts() {
        return g.labelCounts();
      }
    };
  }

  /** Exact normalised class centroids, labels sorted. */
  @Override
  Map<String, float[]> centroids();

  /**
   * Every entry's id, label, source and vector in memory, for metrics over the whole gallery
   * (calibration, evaluation, rebuild). On a large remote gallery this reads every vector.
   */
  ExactIndex snapshot() throws IOException;

  /**
   * Checks the gallery's storage: for a folder, Lucene's CheckIndex over every file; for a remote
   * engine, that what it keeps beside the entries (such as per-class sums) agrees with them.
   *
   * @return null when the gallery is consistent, else what is wrong
   */
  String check() throws IOException;

  /**
   * Rebuilds what {@link #check} found inconsistent from the entries themselves, where the engine
   * can (a SolrCloud gallery's class sums after a write that failed half-way).
   *
   * @return what was repaired (empty if nothing needed it)
   * @throws UnsupportedOperationException where the engine cannot repair (a damaged folder needs a
   *     rebuild from a backup)
   */
  default List<String> repair() throws IOException {
    throw new UnsupportedOperationException(
        "gallery " + location() + " cannot be repaired in place; rebuild it from a backup copy");
  }

  /**
   * Takes the gallery's write lock now where the engine has one, so a long computation learns at
   * once that another process is writing. A no-op for engines without a lock.
   */
  default void lockForWriting() throws IOException {}

  /**
   * As {@link #lockForWriting()}, naming the holder ({@code "arcmetric serve at URL, process N"})
   * where the engine can tell other writers who it is.
   */
  default void lockForWriting(String holder) throws IOException {
    lockForWriting();
  }

  /**
   * Moves this handle's view to the newest state another process wrote, where the engine keeps a
   * view of its own (a local folder opened for reading); a no-op that answers false for engines
   * whose every search reads the current state.
   *
   * @return whether the view changed
   */
  default boolean refresh() throws IOException {
    return false;
  }

  @Override
  void close() throws IOException;
}
