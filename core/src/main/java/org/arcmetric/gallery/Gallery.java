package org.arcmetric.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

/**
 * A gallery: labelled embeddings stored in a Lucene index folder, searched by cosine similarity.
 *
 * <p>Each entry is a Lucene document with a random {@code id}, its {@code label}, its {@code
 * source} and a {@link KnnFloatVectorField} using {@link VectorSimilarityFunction#DOT_PRODUCT},
 * which equals cosine similarity because only unit vectors are accepted. The commit's user data
 * holds the gallery's format version, dimension and the fingerprint of the model that made it;
 * opening a gallery with another model is refused by {@link #requireModel}.
 *
 * <p>Durability: {@link #add} and {@link #removeLabel} return only after Lucene's commit, which
 * fsyncs the new files. Search works on an in-memory {@link ExactIndex} of the last commit (exact
 * scan, the oracle) or on Lucene's HNSW graph ({@link #searchApproximate}).
 *
 * <p>Thread-safety: searches may run from many threads, also during writes (they see the last
 * commit); writes are serialised. Only one process may write a gallery at a time (Lucene's write
 * lock); the writer is opened on the first write and released by {@link #close()}.
 */
public final class Gallery implements VectorSearch, AutoCloseable {
  public static final int FORMAT_VERSION = 1;
  static final String F_ID = "id";
  static final String F_LABEL = "label";
  static final String F_SOURCE = "source";
  static final String F_VECTOR = "vector";
  static final String F_THUMBNAIL = "thumbnail";
  static final String META_FORMAT = "arcmetric.format";
  static final String META_DIM = "arcmetric.dimension";
  static final String META_FINGERPRINT = "arcmetric.model_fingerprint";
  static final String META_CALIBRATION = "arcmetric.calibration";
  static final String META_HNSW = "arcmetric.hnsw";

  /** Up to this many entries {@link SearchMode#AUTO} searches exactly, above it by HNSW. */
  public static final int AUTO_EXACT_LIMIT = 50_000;

  /** How {@link #search} finds neighbours. */
  public enum SearchMode {
    /** Scan every entry: exact, O(n·d) per query. */
    EXACT,
    /** Lucene's HNSW graph: approximate, about O(log n) per query. */
    APPROXIMATE,
    /** Exact up to {@link #AUTO_EXACT_LIMIT} entries, approximate above. */
    AUTO
  }

  /** Largest allowed deviation of a vector's length from 1. */
  static final float UNIT_TOLERANCE = 1e-3f;

  private final Path path;
  private final Directory directory;
  private final int dimension;
  private final String fingerprint;
  private IndexWriter writer;
  private volatile DirectoryReader reader;
  private volatile ExactIndex snapshot;
  private volatile Calibration calibration;
  private final HnswOptions hnsw;
  private volatile SearchMode searchMode = SearchMode.AUTO;
  private volatile int candidates = 100;

  private Gallery(Path path, Directory directory, DirectoryReader reader) throws IOException {
    this.path = path;
    this.directory = directory;
    this.reader = reader;
    Map<String, String> meta = reader.getIndexCommit().getUserData();
    String format = meta.get(META_FORMAT);
    if (format == null || meta.get(META_DIM) == null || meta.get(META_FINGERPRINT) == null) {
      throw new GalleryException(path + " is a Lucene index but not an arcmetric gallery");
    }
    if (Integer.parseInt(format) > FORMAT_VERSION) {
      throw new GalleryException(
          path + " has gallery format " + format + "; upgrade arcmetric to read it");
    }
    this.dimension = Integer.parseInt(meta.get(META_DIM));
    this.fingerprint = meta.get(META_FINGERPRINT);
    try {
      this.hnsw = HnswOptions.decode(meta.get(META_HNSW));
    } catch (IllegalArgumentException e) {
      throw new GalleryException(path + ": unreadable HNSW options " + meta.get(META_HNSW), e);
    }
    String cal = meta.get(META_CALIBRATION);
    if (cal != null) {
      try {
        this.calibration = org.arcmetric.model.ModelFolder.JSON.readValue(cal, Calibration.class);
      } catch (IOException e) {
        throw new GalleryException(
            path
                + ": its stored calibration is unreadable; run 'arcmetric gallery calibrate' again",
            e);
      }
    }
    this.snapshot = load(reader, dimension);
  }

  /** Opens an existing gallery for search (and for writing, on the first write). */
  public static Gallery open(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new GalleryException(
          path + ": no such gallery (create one with 'arcmetric enroll --gallery " + path + "')");
    }
    Directory dir = FSDirectory.open(path);
    try {
      return new Gallery(path, dir, DirectoryReader.open(dir));
    } catch (IndexNotFoundException e) {
      dir.close();
      throw new GalleryException(path + " is not a gallery (no index found in it)", e);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      dir.close();
      throw damaged(path, e);
    } catch (IOException | RuntimeException e) {
      dir.close();
      if (e instanceof GalleryException g) {
        throw g;
      }
      throw damaged(path, e);
    }
  }

  /**
   * Creates an empty gallery for vectors of {@code dimension} made by the model with {@code
   * fingerprint}. Refuses a folder that already holds files.
   */
  public static Gallery create(Path path, String fingerprint, int dimension) throws IOException {
    return create(path, fingerprint, dimension, HnswOptions.DEFAULT);
  }

  /** As {@link #create(Path, String, int)}, with the HNSW graph's options. */
  public static Gallery create(Path path, String fingerprint, int dimension, HnswOptions hnsw)
      throws IOException {
    if (Files.isDirectory(path)) {
      try (var s = Files.list(path)) {
        if (s.findAny().isPresent()) {
          throw new GalleryException(
              path + " exists and is not empty: choose a new gallery folder");
        }
      }
    }
    Files.createDirectories(path);
    Directory dir = FSDirectory.open(path);
    try (IndexWriter w =
        new IndexWriter(dir, config(hnsw).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
      Map<String, String> meta = meta(fingerprint, dimension);
      meta.put(META_HNSW, hnsw.encode());
      w.setLiveCommitData(meta.entrySet());
      w.commit();
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
    dir.close();
    return open(path);
  }

  /** Opens the gallery at {@code path}, creating it for this model if the folder has none. */
  public static Gallery openOrCreate(Path path, String fingerprint, int dimension)
      throws IOException {
    boolean exists;
    if (Files.isDirectory(path)) {
      try (var s = Files.list(path)) {
        exists = s.findAny().isPresent();
      }
    } else {
      exists = false;
    }
    return exists ? open(path) : create(path, fingerprint, dimension);
  }

  private static IndexWriterConfig config(HnswOptions hnsw) {
    return new IndexWriterConfig()
        .setCodec(
            new org.apache.lucene.codecs.lucene912.Lucene912Codec() {
              @Override
              public org.apache.lucene.codecs.KnnVectorsFormat getKnnVectorsFormatForField(
                  String field) {
                return hnsw.format();
              }
            });
  }

  private static Map<String, String> meta(String fingerprint, int dimension) {
    Map<String, String> m = new HashMap<>();
    m.put(META_FORMAT, Integer.toString(FORMAT_VERSION));
    m.put(META_DIM, Integer.toString(dimension));
    m.put(META_FINGERPRINT, fingerprint);
    return m;
  }

  private static GalleryException damaged(Path path, Exception e) {
    return new GalleryException(
        "gallery "
            + path
            + " is damaged or unreadable ("
            + e.getMessage()
            + "); enrol the images again into a new gallery folder, or re-create it from a"
            + " backup copy with 'arcmetric gallery rebuild --gallery BACKUP --out NEW'",
        e);
  }

  /**
   * Refuses to go on if this gallery was made by another model.
   *
   * @param modelFingerprint the fingerprint of the model about to be used
   * @param modelName how to name that model in the message
   */
  public void requireModel(String modelFingerprint, String modelName) throws GalleryException {
    if (!fingerprint.equals(modelFingerprint)) {
      throw new GalleryException(
          "gallery "
              + path
              + " was built with another model (fingerprint "
              + abbreviate(fingerprint)
              + ", but "
              + modelName
              + " is "
              + abbreviate(modelFingerprint)
              + "): its embeddings cannot be compared. Enroll the images again with this model"
              + " into a new gallery folder");
    }
  }

  private static String abbreviate(String fp) {
    return fp.length() > 19 ? fp.substring(0, 19) + "…" : fp;
  }

  public Path path() {
    return path;
  }

  public int dimension() {
    return dimension;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** Number of entries in the last commit. */
  public int size() {
    return snapshot.size();
  }

  /** Entries per label, labels sorted. */
  public Map<String, Integer> labelCounts() {
    return snapshot.labelCounts();
  }

  /**
   * Adds entries and commits; returns their new ids only once the commit is on disk.
   *
   * @throws IllegalArgumentException if a vector is not a finite unit vector of the gallery's
   *     dimension or a label is blank (then nothing is added)
   */
  public synchronized List<String> add(List<GalleryEntry> entries) throws IOException {
    for (int i = 0; i < entries.size(); i++) {
      validate(entries.get(i), i);
    }
    IndexWriter w = writer();
    List<String> ids = new ArrayList<>(entries.size());
    List<Document> docs = new ArrayList<>(entries.size());
    for (GalleryEntry e : entries) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      docs.add(document(id, e.label(), e.source(), e.vector(), e.thumbnail()));
    }
    try {
      w.addDocuments(docs);
      commit(w);
    } catch (IOException | RuntimeException ex) {
      w.rollback();
      writer = null;
      throw ex;
    }
    return ids;
  }

  /** Removes every entry of {@code label} and commits; returns how many were removed. */
  public synchronized int removeLabel(String label) throws IOException {
    int count = snapshot.labelCounts().getOrDefault(label, 0);
    if (count == 0) {
      return 0;
    }
    IndexWriter w = writer();
    w.deleteDocuments(new Term(F_LABEL, label));
    commit(w);
    return count;
  }

  /**
   * Removes the entries with these ids and commits.
   *
   * @return how many of the ids were in the gallery
   */
  public synchronized int removeIds(java.util.Collection<String> ids) throws IOException {
    java.util.Set<String> wanted = new java.util.HashSet<>(ids);
    List<Term> terms = new ArrayList<>();
    ExactIndex s = snapshot;
    for (int i = 0; i < s.size(); i++) {
      if (wanted.contains(s.id(i))) {
        terms.add(new Term(F_ID, s.id(i)));
      }
    }
    return delete(terms);
  }

  /**
   * Removes every entry enrolled from one of these sources (image paths as stored) and commits.
   *
   * @return how many entries were removed
   */
  public synchronized int removeSources(java.util.Collection<String> sources) throws IOException {
    java.util.Set<String> wanted = new java.util.HashSet<>(sources);
    List<Term> terms = new ArrayList<>();
    ExactIndex s = snapshot;
    for (int i = 0; i < s.size(); i++) {
      if (s.source(i) != null && wanted.contains(s.source(i))) {
        terms.add(new Term(F_ID, s.id(i)));
      }
    }
    return delete(terms);
  }

  private int delete(List<Term> terms) throws IOException {
    if (terms.isEmpty()) {
      return 0;
    }
    IndexWriter w = writer();
    try {
      w.deleteDocuments(terms.toArray(new Term[0]));
      commit(w);
    } catch (IOException | RuntimeException ex) {
      w.rollback();
      writer = null;
      throw ex;
    }
    return terms.size();
  }

  /**
   * Renames class {@code from} to {@code to} in one commit (entries keep their ids, sources and
   * vectors). Refuses a new name that is blank or already a class of the gallery.
   *
   * @return how many entries were renamed (0 if {@code from} is not a class)
   */
  public synchronized int renameLabel(String from, String to) throws IOException {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("the new class name must not be blank");
    }
    ExactIndex s = snapshot;
    if (s.labelCounts().containsKey(to)) {
      throw new IllegalArgumentException(
          "gallery " + path + " already has a class '" + to + "'; choose a new name");
    }
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.label(i).equals(from)) {
        docs.add(document(s.id(i), to, s.source(i), s.vector(i), thumbnail(s.id(i))));
      }
    }
    if (docs.isEmpty()) {
      return 0;
    }
    IndexWriter w = writer();
    try {
      // one atomic delete-and-add: a crash leaves either the old or the new names
      w.updateDocuments(new Term(F_LABEL, from), docs);
      commit(w);
    } catch (IOException | RuntimeException ex) {
      w.rollback();
      writer = null;
      throw ex;
    }
    return docs.size();
  }

  /** The PNG thumbnail stored with entry {@code id}, or null if it has none or does not exist. */
  public byte[] thumbnail(String id) throws IOException {
    DirectoryReader r = reader;
    while (!r.tryIncRef()) {
      r = reader;
    }
    try {
      IndexSearcher searcher = new IndexSearcher(r);
      TopDocs top = searcher.search(new org.apache.lucene.search.TermQuery(new Term(F_ID, id)), 1);
      if (top.scoreDocs.length == 0) {
        return null;
      }
      org.apache.lucene.util.BytesRef b =
          searcher.storedFields().document(top.scoreDocs[0].doc).getBinaryValue(F_THUMBNAIL);
      return b == null
          ? null
          : java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
    } finally {
      r.decRef();
    }
  }

  /** Entries, classes, dimension, model fingerprint and bytes on disk of the last commit. */
  public synchronized GalleryStats stats() throws IOException {
    long bytes = 0;
    DirectoryReader r = reader;
    for (String f : r.getIndexCommit().getFileNames()) {
      bytes += directory.fileLength(f);
    }
    return new GalleryStats(
        path, size(), labelCounts().size(), dimension, fingerprint, bytes, labelCounts());
  }

  private static Document document(
      String id, String label, String source, float[] vector, byte[] thumbnail) {
    Document d = new Document();
    if (thumbnail != null) {
      d.add(new StoredField(F_THUMBNAIL, thumbnail));
    }
    d.add(new StringField(F_ID, id, Field.Store.YES));
    d.add(new StringField(F_LABEL, label, Field.Store.YES));
    d.add(new StoredField(F_SOURCE, source == null ? "" : source));
    d.add(new KnnFloatVectorField(F_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return d;
  }

  /**
   * Runs Lucene's CheckIndex over the gallery's last commit (reads every file; takes a while for
   * large galleries) and says whether it is intact.
   *
   * @return null when the index is clean, else what is wrong
   */
  public static String check(Path path) throws IOException {
    try (Directory dir = FSDirectory.open(path);
        org.apache.lucene.index.CheckIndex checker = new org.apache.lucene.index.CheckIndex(dir)) {
      checker.setChecksumsOnly(false); // full check: decode every segment, not just checksums
      java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
      checker.setInfoStream(new java.io.PrintStream(log, true, "UTF-8"));
      org.apache.lucene.index.CheckIndex.Status status = checker.checkIndex();
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

  /** The snapshot and calibration {@link #calibrationStaleness} last answered for. */
  private record Staleness(ExactIndex snapshot, Calibration calibration, String why) {}

  private volatile Staleness staleness = new Staleness(null, null, null);

  /**
   * Why the stored calibration no longer fits the last commit ({@link Calibration#staleFor}), or
   * null when it fits or there is none. Computed once per commit, so a server can ask it on every
   * request without scanning the gallery or touching the disk.
   */
  public String calibrationStaleness() {
    Calibration c = calibration;
    ExactIndex s = snapshot;
    Staleness cached = staleness;
    if (cached.snapshot() == s && cached.calibration() == c) {
      return cached.why();
    }
    String why = c == null ? null : c.staleFor(s.size(), s.labelCounts().size());
    staleness = new Staleness(s, c, why);
    return why;
  }

  /** The stored calibration, or null if the gallery was never calibrated. */
  public Calibration calibration() {
    return calibration;
  }

  /**
   * Stores {@code c} (or removes the calibration, for null) and commits; the calibration is kept
   * through later writes, which may make it stale ({@link Calibration#staleFor}).
   */
  public synchronized void setCalibration(Calibration c) throws IOException {
    Calibration before = calibration;
    calibration = c;
    IndexWriter w = writer();
    try {
      commit(w);
    } catch (IOException | RuntimeException ex) {
      calibration = before;
      w.rollback();
      writer = null;
      throw ex;
    }
  }

  private void commit(IndexWriter w) throws IOException {
    Map<String, String> meta = meta(fingerprint, dimension);
    meta.put(META_HNSW, hnsw.encode());
    if (calibration != null) {
      meta.put(
          META_CALIBRATION, org.arcmetric.model.ModelFolder.JSON.writeValueAsString(calibration));
    }
    w.setLiveCommitData(meta.entrySet());
    w.commit();
    DirectoryReader newer = DirectoryReader.openIfChanged(reader, w);
    if (newer != null) {
      DirectoryReader old = reader;
      snapshot = load(newer, dimension);
      reader = newer;
      old.close();
    }
  }

  private void validate(GalleryEntry e, int i) {
    if (e.label() == null || e.label().isBlank()) {
      throw new IllegalArgumentException("entry " + i + " has no label");
    }
    float[] v = e.vector();
    if (v == null || v.length != dimension) {
      throw new IllegalArgumentException(
          "entry "
              + i
              + " has a vector of dimension "
              + (v == null ? 0 : v.length)
              + "; this gallery holds dimension "
              + dimension);
    }
    double norm = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("entry " + i + " has a non-finite vector value");
      }
      norm += x * x;
    }
    if (Math.abs(Math.sqrt(norm) - 1) > UNIT_TOLERANCE) {
      throw new IllegalArgumentException(
          "entry " + i + " is not a unit vector (length " + Math.sqrt(norm) + ")");
    }
  }

  private IndexWriter writer() throws IOException {
    if (writer == null) {
      try {
        writer =
            new IndexWriter(directory, config(hnsw).setOpenMode(IndexWriterConfig.OpenMode.APPEND));
      } catch (LockObtainFailedException e) {
        throw new GalleryException(
            "gallery " + path + " is being written by another process; wait for it to finish", e);
      }
    }
    return writer;
  }

  /**
   * The in-memory copy of the last commit: every entry's id, label, source and vector, for metrics
   * that need the whole gallery. Immutable; a later write makes a new one.
   */
  public ExactIndex snapshot() {
    return snapshot;
  }

  /** The HNSW options the gallery was created with. */
  public HnswOptions hnswOptions() {
    return hnsw;
  }

  /** Sets how {@link #search} works (default {@link SearchMode#AUTO}). */
  public void setSearchMode(SearchMode mode) {
    this.searchMode = mode;
  }

  /**
   * Candidates the HNSW search keeps (efSearch; default 100, at least k): more is slower and finds
   * more of the true neighbours.
   */
  public void setCandidates(int candidates) {
    if (candidates < 1) {
      throw new IllegalArgumentException("--candidates must be at least 1, got " + candidates);
    }
    this.candidates = candidates;
  }

  /**
   * The k most similar entries, most similar first: by exact scan or by the HNSW graph, as the
   * {@link SearchMode} says.
   */
  @Override
  public List<Neighbour> search(float[] query, int k) {
    requireDimension(query);
    boolean exact =
        searchMode == SearchMode.EXACT
            || searchMode == SearchMode.AUTO && snapshot.size() <= AUTO_EXACT_LIMIT;
    if (exact) {
      return snapshot.search(query, k);
    }
    try {
      return searchApproximate(query, k);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The k most similar entries by exact scan (the oracle), most similar first. */
  public List<Neighbour> searchExact(float[] query, int k) {
    requireDimension(query);
    return snapshot.search(query, k);
  }

  /** The k most similar entries by Lucene's HNSW graph (approximate), most similar first. */
  public List<Neighbour> searchApproximate(float[] query, int k) throws IOException {
    requireDimension(query);
    if (k <= 0) {
      return List.of();
    }
    DirectoryReader r = reader;
    // a commit may close the reader we just read: retry until we hold a live one
    while (!r.tryIncRef()) {
      r = reader;
    }
    try {
      if (r.numDocs() == 0) {
        return List.of();
      }
      IndexSearcher searcher = new IndexSearcher(r);
      int n = Math.max(k, candidates);
      ScoreDoc[] found = searcher.search(new KnnFloatVectorQuery(F_VECTOR, query, n), n).scoreDocs;
      for (ScoreDoc sd : found) {
        sd.score = 2 * sd.score - 1; // DOT_PRODUCT scores are (1 + cos) / 2
      }
      if (hnsw.int8()) {
        // the graph ranked the candidates by their quantised vectors: rank them again by the
        // float vectors Lucene keeps beside the bytes, so only the candidate list is approximate
        FloatRerank.rescore(r, F_VECTOR, query, found);
      }
      StoredFields stored = searcher.storedFields();
      List<Neighbour> out = new ArrayList<>(Math.min(k, found.length));
      for (int i = 0; i < Math.min(k, found.length); i++) {
        Document d = stored.document(found[i].doc);
        out.add(new Neighbour(d.get(F_ID), d.get(F_LABEL), found[i].score, d.get(F_SOURCE)));
      }
      return out;
    } finally {
      r.decRef();
    }
  }

  /** Normalised class centroids, labels sorted. */
  @Override
  public Map<String, float[]> centroids() {
    return snapshot.centroids();
  }

  private void requireDimension(float[] q) {
    if (q.length != dimension) {
      throw new IllegalArgumentException(
          "query has dimension " + q.length + "; this gallery holds dimension " + dimension);
    }
  }

  private static ExactIndex load(DirectoryReader reader, int dim) throws IOException {
    int n = reader.numDocs();
    String[] ids = new String[n];
    String[] labels = new String[n];
    String[] sources = new String[n];
    float[] matrix = new float[n * dim];
    int row = 0;
    for (LeafReaderContext ctx : reader.leaves()) {
      LeafReader leaf = ctx.reader();
      Bits live = leaf.getLiveDocs();
      FloatVectorValues vectors = leaf.getFloatVectorValues(F_VECTOR);
      StoredFields stored = leaf.storedFields();
      if (vectors == null) {
        continue;
      }
      for (int doc = vectors.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = vectors.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        Document d = stored.document(doc);
        ids[row] = d.get(F_ID);
        labels[row] = d.get(F_LABEL);
        sources[row] = d.get(F_SOURCE);
        System.arraycopy(vectors.vectorValue(), 0, matrix, row * dim, dim);
        row++;
      }
    }
    if (row != n) {
      throw new CorruptIndexException(
          "expected " + n + " vectors but found " + row, reader.directory().toString());
    }
    return new ExactIndex(ids, labels, sources, matrix, dim);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    } finally {
      reader.close();
      directory.close();
    }
  }
}
