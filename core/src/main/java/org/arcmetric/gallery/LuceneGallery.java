package org.arcmetric.gallery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;

/**
 * The local gallery: labelled embeddings stored in a Lucene index folder, searched by cosine
 * similarity. This class is the facade; the parts are {@link LuceneStore} (lifecycle,
 * commit-or-rollback writes), {@link EntryDocuments} (an entry as a Lucene document), {@link
 * GalleryMetadata} (what the commit says: format, dimension, model fingerprint, HNSW options,
 * calibration), {@link ExactIndex} (the in-memory exact oracle) and {@link HnswSearch} (Lucene's
 * HNSW graph).
 *
 * <p>Opening a gallery with another model is refused by {@link #requireModel}. Durability: every
 * write ({@link #add}, {@link #removeLabel}, {@link #renameLabel}, {@link #setCalibration}, ...)
 * returns only after Lucene's commit, which fsyncs the new files; a failed write leaves the last
 * commit as it was.
 *
 * <p>Thread-safety: searches may run from many threads, also during writes (they see the last
 * commit); writes are serialised. Search options travel with each call ({@link SearchOptions}), so
 * one gallery can serve requests with different options. Only one process may write a gallery at a
 * time (Lucene's write lock); the writer is opened on the first write and released by {@link
 * #close()}.
 */
public final class LuceneGallery implements Gallery {
  static final float UNIT_TOLERANCE = GalleryEntry.UNIT_TOLERANCE;

  private final LuceneStore store;
  private final StalenessCache staleness = new StalenessCache();

  private LuceneGallery(LuceneStore store) {
    this.store = store;
  }

  /** Opens an existing gallery for search (and for writing, on the first write). */
  public static LuceneGallery open(Path path) throws IOException {
    return new LuceneGallery(LuceneStore.open(path));
  }

  /**
   * Creates an empty gallery for vectors of {@code dimension} made by the model with {@code
   * fingerprint}. Refuses a folder that already holds files.
   */
  public static LuceneGallery create(Path path, String fingerprint, int dimension)
      throws IOException {
    return create(path, fingerprint, dimension, HnswOptions.DEFAULT);
  }

  /** As {@link #create(Path, String, int)}, with the HNSW graph's options. */
  public static LuceneGallery create(Path path, String fingerprint, int dimension, HnswOptions hnsw)
      throws IOException {
    LuceneStore.create(path, GalleryMetadata.of(fingerprint, dimension, hnsw));
    return open(path);
  }

  /** Opens the gallery at {@code path}, creating it for this model if the folder has none. */
  public static LuceneGallery openOrCreate(Path path, String fingerprint, int dimension)
      throws IOException {
    return LuceneStore.holdsFiles(path) ? open(path) : create(path, fingerprint, dimension);
  }

  public Path path() {
    return store.path();
  }

  /** The gallery's folder, as given. */
  @Override
  public String location() {
    return store.path().toString();
  }

  /** What the last commit says of the gallery. */
  @Override
  public GalleryMetadata metadata() {
    return store.metadata();
  }

  @Override
  public int dimension() {
    return metadata().dimension();
  }

  @Override
  public String fingerprint() {
    return metadata().fingerprint();
  }

  /** The HNSW options the gallery was created with. */
  public HnswOptions hnswOptions() {
    return metadata().hnsw();
  }

  /** Its HNSW options ({@link HnswOptions#asOptions}). */
  @Override
  public Map<String, String> engineOptions() {
    return hnswOptions().asOptions();
  }

  /** Number of entries in the last commit. */
  @Override
  public int size() {
    return store.snapshot().size();
  }

  /** Entries per label, labels sorted. */
  @Override
  public Map<String, Integer> labelCounts() {
    return store.snapshot().labelCounts();
  }

  /**
   * The in-memory copy of the last commit: every entry's id, label, source and vector, for metrics
   * that need the whole gallery. Immutable; a later write makes a new one.
   */
  @Override
  public ExactIndex snapshot() {
    return store.snapshot();
  }

  /**
   * Takes the gallery's write lock now, so a command that will write after a long computation
   * learns at once that another process is writing (then this throws, naming the folder) instead of
   * after it. The lock is held until {@link #close()}.
   */
  @Override
  public void lockForWriting() throws IOException {
    store.lockForWriting();
  }

  /**
   * Takes the write lock and keeps a note of {@code holder} in the folder, so that another writer's
   * refusal names it; held until {@link #close()}.
   */
  @Override
  public void lockForWriting(String holder) throws IOException {
    store.lockForWriting(holder);
  }

  /**
   * For a process that only reads: moves to the newest commit another process made (a reader's view
   * is otherwise the commit it opened).
   */
  @Override
  public boolean refresh() throws IOException {
    return store.refreshIfChanged();
  }

  /**
   * Adds entries and commits; returns their new ids only once the commit is on disk.
   *
   * @throws IllegalArgumentException if a vector is not a finite unit vector of the gallery's
   *     dimension or a label is blank (then nothing is added)
   */
  @Override
  public synchronized List<String> add(List<GalleryEntry> entries) throws IOException {
    return add(entries, null);
  }

  /**
   * As {@link #add(List)}, keeping the given ids (what {@code gallery rebuild} does, so references
   * to entries survive a new model); a null list or element means a new random id.
   *
   * @throws IllegalArgumentException if an id is blank, longer than 100 characters, given twice or
   *     already in the gallery (then nothing is added)
   */
  public synchronized List<String> add(List<GalleryEntry> entries, List<String> keptIds)
      throws IOException {
    int dim = dimension();
    for (int i = 0; i < entries.size(); i++) {
      entries.get(i).requireValid(i, dim, UNIT_TOLERANCE);
    }
    if (keptIds != null && keptIds.size() != entries.size()) {
      throw new IllegalArgumentException(
          keptIds.size() + " ids given for " + entries.size() + " entries");
    }
    Set<String> taken = new HashSet<>();
    if (keptIds != null) {
      ExactIndex s = snapshot();
      for (int i = 0; i < s.size(); i++) {
        taken.add(s.id(i));
      }
    }
    List<String> ids = new ArrayList<>(entries.size());
    List<Document> docs = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      GalleryEntry e = entries.get(i);
      String id = keptIds == null ? null : keptIds.get(i);
      if (id == null) {
        id = UUID.randomUUID().toString();
      } else if (id.isBlank() || id.length() > 100 || !taken.add(id)) {
        throw new IllegalArgumentException(
            "entry " + i + ": the id '" + Labels.forTsv(id) + "' is blank, too long or taken");
      }
      ids.add(id);
      docs.add(EntryDocuments.document(id, e.label(), e.source(), e.vector(), e.thumbnail()));
    }
    return store.write(
        metadata(),
        w -> {
          w.addDocuments(docs);
          return ids;
        });
  }

  /** Removes every entry of {@code label} and commits; returns how many were removed. */
  @Override
  public synchronized int removeLabel(String name) throws IOException {
    String label = Labels.nfc(name);
    int count = labelCounts().getOrDefault(label, 0);
    if (count == 0) {
      return 0;
    }
    ExactIndex s = snapshot();
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.label(i).equals(label)) {
        removed.add(s.source(i));
      }
    }
    int n =
        store.write(
            metadata(),
            w -> {
              w.deleteDocuments(new Term(EntryDocuments.F_LABEL, label));
              return count;
            });
    deleteUploads(removed);
    return n;
  }

  /**
   * After a removal's commit, the stored uploads of the removed entries that no entry refers to any
   * longer (a crash between the two leaves orphans, which {@link #removeOrphanedUploads} deletes).
   */
  private void deleteUploads(List<String> removedSources) throws IOException {
    if (removedSources.stream().anyMatch(UploadStore::isUpload)) {
      new UploadStore(path()).removeUnreferenced(removedSources, sources());
    }
  }

  /** Every source the entries of the last commit refer to. */
  private Set<String> sources() {
    ExactIndex s = snapshot();
    Set<String> out = new HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      out.add(s.source(i));
    }
    return out;
  }

  /**
   * Deletes the stored uploads no entry refers to, and temporary files of interrupted uploads
   * ({@link UploadStore#removeOrphans}); takes the write lock first, so no other process is
   * enrolling.
   */
  public synchronized UploadStore.Swept removeOrphanedUploads() throws IOException {
    lockForWriting();
    return new UploadStore(path()).removeOrphans(sources());
  }

  /**
   * Removes the entries with these ids and commits.
   *
   * @return how many of the ids were in the gallery
   */
  @Override
  public synchronized int removeIds(Collection<String> ids) throws IOException {
    Set<String> wanted = new HashSet<>(ids);
    List<Term> terms = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    ExactIndex s = snapshot();
    for (int i = 0; i < s.size(); i++) {
      if (wanted.contains(s.id(i))) {
        terms.add(new Term(EntryDocuments.F_ID, s.id(i)));
        removed.add(s.source(i));
      }
    }
    return delete(terms, removed);
  }

  /**
   * Removes every entry enrolled from one of these sources (image paths as stored) and commits.
   *
   * @return how many entries were removed
   */
  @Override
  public synchronized int removeSources(Collection<String> sources) throws IOException {
    Set<String> wanted = new HashSet<>(sources);
    List<Term> terms = new ArrayList<>();
    ExactIndex s = snapshot();
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.source(i) != null && wanted.contains(s.source(i))) {
        terms.add(new Term(EntryDocuments.F_ID, s.id(i)));
        removed.add(s.source(i));
      }
    }
    return delete(terms, removed);
  }

  private int delete(List<Term> terms, List<String> removedSources) throws IOException {
    if (terms.isEmpty()) {
      return 0;
    }
    int n =
        store.write(
            metadata(),
            w -> {
              w.deleteDocuments(terms.toArray(new Term[0]));
              return terms.size();
            });
    deleteUploads(removedSources);
    return n;
  }

  /**
   * Renames class {@code from} to {@code to} in one commit (entries keep their ids, sources and
   * vectors). Refuses a new name that is blank or already a class of the gallery.
   *
   * @return how many entries were renamed (0 if {@code from} is not a class)
   */
  @Override
  public synchronized int renameLabel(String oldName, String newName) throws IOException {
    String from = Labels.nfc(oldName);
    ExactIndex s = snapshot();
    String to = requireNewClassName(from, newName, s.labelCounts().keySet());
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.label(i).equals(from)) {
        docs.add(
            EntryDocuments.document(s.id(i), to, s.source(i), s.vector(i), thumbnail(s.id(i))));
      }
    }
    if (docs.isEmpty()) {
      return 0;
    }
    // one atomic delete-and-add: a crash leaves either the old or the new names
    return store.write(
        metadata(),
        w -> {
          w.updateDocuments(new Term(EntryDocuments.F_LABEL, from), docs);
          return docs.size();
        });
  }

  @Override
  public List<EntryRef> entries(String name) {
    String label = Labels.nfc(name);
    ExactIndex s = snapshot();
    List<EntryRef> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.label(i).equals(label)) {
        out.add(new EntryRef(s.id(i), s.label(i), s.source(i)));
      }
    }
    return out;
  }

  /** The PNG thumbnail stored with entry {@code id}, or null if it has none or does not exist. */
  @Override
  public byte[] thumbnail(String id) throws IOException {
    return store.thumbnail(id);
  }

  /** Entries, classes, dimension, model fingerprint and bytes on disk of the last commit. */
  @Override
  public synchronized GalleryStats stats() throws IOException {
    Map<String, Integer> counts = labelCounts();
    long bytes = store.bytesOnDisk() + new UploadStore(path()).bytes(); // uploads/ counts too
    return new GalleryStats(
        location(), size(), counts.size(), dimension(), fingerprint(), bytes, counts);
  }

  /**
   * Lucene's CheckIndex over this gallery's folder ({@link GalleryCheck#check}). CheckIndex needs
   * the write lock: this gallery's own writer, if open, is closed first (everything is committed;
   * the next write reopens it), so a lock taken by {@link #lockForWriting} is given up.
   */
  @Override
  public synchronized String check() throws IOException {
    store.releaseWriter();
    return GalleryCheck.check(path());
  }

  /**
   * Runs Lucene's CheckIndex over the gallery at {@code path}: {@link GalleryCheck#check}.
   *
   * @return null when the index is clean, else what is wrong
   */
  public static String check(Path path) throws IOException {
    return GalleryCheck.check(path);
  }

  /**
   * Why the stored calibration no longer fits the last commit ({@link Calibration#staleFor}), or
   * null when it fits or there is none. Computed once per commit, so a server can ask it on every
   * request without scanning the gallery or touching the disk.
   */
  @Override
  public String calibrationStaleness() {
    return staleness.staleness(snapshot(), calibration());
  }

  /** The stored calibration, or null if the gallery was never calibrated. */
  @Override
  public Calibration calibration() {
    return metadata().calibration();
  }

  /**
   * Stores {@code c} (or removes the calibration, for null) and commits; the calibration is kept
   * through later writes, which may make it stale ({@link Calibration#staleFor}).
   */
  @Override
  public synchronized void setCalibration(Calibration c) throws IOException {
    store.write(metadata().withCalibration(c), w -> null);
  }

  /**
   * The k most similar entries, most similar first: by exact scan or by the HNSW graph, as {@code
   * options} say.
   */
  @Override
  public List<Neighbour> search(float[] query, int k, SearchOptions options) {
    requireQueryDimension(query);
    if (options.exactFor(size())) {
      return snapshot().search(query, k);
    }
    try {
      return approximate(query, k, options.candidates());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The k most similar entries by exact scan (the oracle), most similar first. */
  @Override
  public List<Neighbour> searchExact(float[] query, int k) {
    requireQueryDimension(query);
    return snapshot().search(query, k);
  }

  /**
   * The k most similar entries by Lucene's HNSW graph (approximate, {@code candidates} = efSearch),
   * most similar first.
   */
  public List<Neighbour> searchApproximate(float[] query, int k, int candidates)
      throws IOException {
    requireQueryDimension(query);
    new SearchOptions(SearchMode.APPROXIMATE, candidates); // validates candidates
    return approximate(query, k, candidates);
  }

  private List<Neighbour> approximate(float[] query, int k, int candidates) throws IOException {
    boolean int8 = hnswOptions().int8();
    return store.read(r -> HnswSearch.search(r, query, k, candidates, int8));
  }

  /** Normalised class centroids, labels sorted. */
  @Override
  public Map<String, float[]> centroids() {
    return snapshot().centroids();
  }

  @Override
  public synchronized void close() throws IOException {
    store.close();
  }
}
