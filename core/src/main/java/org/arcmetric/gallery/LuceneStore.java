package org.arcmetric.gallery;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;

/**
 * A gallery folder's Lucene side: the directory, the writer (opened on the first write, holding
 * Lucene's write lock until {@link #close}), the reader of the last commit and its in-memory {@link
 * ExactIndex} copy, and the {@link GalleryMetadata} of that commit.
 *
 * <p>Every change goes through {@link #write}: the change, then one commit with the metadata, then
 * a fresh reader and snapshot; if anything fails the writer is rolled back to the last commit and
 * reopened on the next write, so a failed write leaves the last commit as it was, on disk and in
 * memory.
 *
 * <p>Thread-safety: writes are serialised; readers ({@link #snapshot}, {@link #read}) may run from
 * many threads, also during writes, and see the last commit.
 */
final class LuceneStore implements AutoCloseable {
  /** One change to the index; the store commits it or rolls it back. */
  @FunctionalInterface
  interface Change<T> {
    T apply(IndexWriter writer) throws IOException;
  }

  /** Work on the reader of the last commit, which stays open while it runs. */
  @FunctionalInterface
  interface Read<T> {
    T apply(DirectoryReader reader) throws IOException;
  }

  private final Path path;
  private final Directory directory;
  private IndexWriter writer;
  private volatile DirectoryReader reader;
  private volatile ExactIndex snapshot;
  private volatile GalleryMetadata metadata;

  private LuceneStore(Path path, Directory directory, DirectoryReader reader) throws IOException {
    this.path = path;
    this.directory = directory;
    this.reader = reader;
    this.metadata = GalleryMetadata.decode(path.toString(), reader.getIndexCommit().getUserData());
    verifyChecksums(path, directory, reader);
    this.snapshot = EntryDocuments.readAll(reader, metadata.dimension());
    requireUnitVectors(path, snapshot);
  }

  /**
   * Reads every file of the commit to its end and checks its CRC-32 footer ({@link
   * CodecUtil#checksumEntireFile}): a flipped byte anywhere — in vectors, the graph or stored
   * fields — is found at open, not answered as a wrong score. About a second per 100 MB.
   */
  private static void verifyChecksums(Path path, Directory directory, DirectoryReader reader)
      throws IOException {
    for (String file : reader.getIndexCommit().getFileNames()) {
      try (IndexInput in = directory.openInput(file, IOContext.READONCE)) {
        CodecUtil.checksumEntireFile(in);
      } catch (CorruptIndexException | EOFException e) {
        throw new GalleryException(
            "gallery "
                + path
                + " is damaged: its file "
                + file
                + " fails its checksum ("
                + e.getMessage()
                + "). Rebuild it: 'arcmetric gallery rebuild --gallery BACKUP --out NEW' from a"
                + " backup copy, or enrol the images again into a new folder",
            e);
      }
    }
  }

  /** Refuses a commit whose vectors are not finite unit vectors (only damage can make them so). */
  private static void requireUnitVectors(Path path, ExactIndex s) throws GalleryException {
    for (int i = 0; i < s.size(); i++) {
      float[] v = s.vector(i);
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      if (!Double.isFinite(norm)
          || Math.abs(Math.sqrt(norm) - 1) > 10 * GalleryEntry.UNIT_TOLERANCE) {
        throw new GalleryException(
            "gallery "
                + path
                + " is damaged: entry "
                + s.id(i)
                + " holds a vector of length "
                + Math.sqrt(norm)
                + " where only unit vectors are stored. Rebuild it from a backup copy with"
                + " 'arcmetric gallery rebuild', or enrol the images again into a new folder");
      }
    }
  }

  /** Opens the gallery in {@code path}; refuses a folder that is not one or is damaged. */
  static LuceneStore open(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new GalleryException(
          path
              + ": no such gallery (create one with 'arcmetric enroll --gallery "
              + path
              + "', or make it an empty folder for 'arcmetric serve' to start on)");
    }
    Directory dir = FSDirectory.open(path);
    try {
      return new LuceneStore(path, dir, DirectoryReader.open(dir));
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

  /** Writes an empty index with {@code meta} into {@code path}, which must be empty or absent. */
  static void create(Path path, GalleryMetadata meta) throws IOException {
    if (holdsFiles(path)) {
      throw new GalleryException(path + " exists and is not empty: choose a new gallery folder");
    }
    Files.createDirectories(path);
    try (Directory dir = FSDirectory.open(path);
        IndexWriter w =
            new IndexWriter(
                dir, config(meta.hnsw()).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
      w.setLiveCommitData(meta.encode().entrySet());
      w.commit();
    }
  }

  static boolean holdsFiles(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (var s = Files.list(path)) {
      return s.findAny().isPresent();
    }
  }

  private static IndexWriterConfig config(HnswOptions hnsw) {
    return new IndexWriterConfig()
        .setMergeScheduler(new QuietMergeScheduler())
        .setCodec(
            new Lucene912Codec() {
              @Override
              public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw.format();
              }
            });
  }

  /**
   * Lucene's background merges, whose failures (a full disk, most often) are one log line instead
   * of an uncaught exception's stack trace in a merge thread; the segments being merged stay as
   * they were, and the next commit's merge tries again.
   */
  static final class QuietMergeScheduler extends ConcurrentMergeScheduler {
    private static final org.slf4j.Logger LOG =
        org.slf4j.LoggerFactory.getLogger(LuceneStore.class);

    @Override
    protected void handleMergeException(Throwable exc) {
      StorageFailure f = StorageFailure.of(exc);
      LOG.warn(
          "a background merge of the gallery failed: {}",
          f != null ? f.description() : String.valueOf(exc.getMessage()));
    }
  }

  private static GalleryException damaged(Path path, Exception e) {
    return new GalleryException(
        "gallery "
            + path
            + " is damaged or unreadable ("
            + e.getMessage()
            + "). Rebuild it: 'arcmetric gallery rebuild --gallery BACKUP --out NEW' from a"
            + " backup copy, or enrol the images again into a new folder",
        e);
  }

  Path path() {
    return path;
  }

  GalleryMetadata metadata() {
    return metadata;
  }

  ExactIndex snapshot() {
    return snapshot;
  }

  /**
   * Applies {@code change}, then commits it with {@code meta}; returns the change's result only
   * once the commit is on disk and visible to searches. On any failure rolls back to the last
   * commit (the metadata and snapshot stay those of the last commit) and rethrows.
   */
  synchronized <T> T write(GalleryMetadata meta, Change<T> change) throws IOException {
    IndexWriter w = writer();
    try {
      T result = change.apply(w);
      w.setLiveCommitData(meta.encode().entrySet());
      w.commit();
      metadata = meta;
      refresh(w);
      return result;
    } catch (IOException | RuntimeException ex) {
      writer = null;
      try {
        w.rollback();
      } catch (IOException | RuntimeException suppressed) {
        ex.addSuppressed(suppressed);
      }
      throw ex;
    }
  }

  private void refresh(IndexWriter w) throws IOException {
    DirectoryReader newer = DirectoryReader.openIfChanged(reader, w);
    if (newer != null) {
      DirectoryReader old = reader;
      snapshot = EntryDocuments.readAll(newer, metadata.dimension());
      reader = newer;
      old.close();
    }
  }

  /**
   * Closes the writer, if open, releasing Lucene's write lock (every write is already committed;
   * the next write opens it again).
   */
  synchronized void releaseWriter() throws IOException {
    if (writer != null) {
      IndexWriter w = writer;
      writer = null;
      deleteHolderNote();
      w.close();
    }
  }

  /** Takes Lucene's write lock now (opening the writer), rather than at the first write. */
  synchronized void lockForWriting() throws IOException {
    writer();
  }

  /** The file in the gallery folder that says who holds the write lock, for others' messages. */
  static final String HOLDER_FILE = "writer.txt";

  private boolean wroteHolder;

  /**
   * Takes the write lock now and says who holds it in {@value #HOLDER_FILE} (e.g. "arcmetric serve
   * at http://127.0.0.1:8080, process 1234"), so another writer's refusal names it. The note is
   * removed when the lock is released; a killed holder's note is stale but harmless (the lock goes
   * with the process, and the note is read only when the lock is taken).
   */
  synchronized void lockForWriting(String holder) throws IOException {
    writer();
    Path note = path.resolve(HOLDER_FILE);
    Path tmp = path.resolve(HOLDER_FILE + ".tmp");
    Files.writeString(tmp, holder + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, note, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    wroteHolder = true;
  }

  /**
   * For a process that does not write: moves its view to the newest commit when another process has
   * made one since (entries, calibration and all). A writer has every commit already.
   *
   * @return whether the view changed
   */
  synchronized boolean refreshIfChanged() throws IOException {
    if (writer != null) {
      return false;
    }
    DirectoryReader newer = DirectoryReader.openIfChanged(reader);
    if (newer == null) {
      return false;
    }
    try {
      GalleryMetadata meta =
          GalleryMetadata.decode(path.toString(), newer.getIndexCommit().getUserData());
      ExactIndex next = EntryDocuments.readAll(newer, meta.dimension());
      DirectoryReader old = reader;
      metadata = meta;
      snapshot = next;
      reader = newer;
      old.close();
      return true;
    } catch (IOException | RuntimeException e) {
      newer.close();
      throw e;
    }
  }

  private IndexWriter writer() throws IOException {
    if (writer == null) {
      try {
        writer =
            new IndexWriter(
                directory, config(metadata.hnsw()).setOpenMode(IndexWriterConfig.OpenMode.APPEND));
      } catch (LockObtainFailedException e) {
        throw new GalleryException(
            "gallery " + path + " is being written by " + holder() + "; " + WAIT_OR_USE_API, e);
      }
    }
    return writer;
  }

  private static final String WAIT_OR_USE_API =
      "wait for it to finish, or, if it is 'arcmetric serve', make the change through its HTTP API"
          + " or stop it first";

  /** Who holds the write lock, as its note says, or "another process". */
  private String holder() {
    try {
      String note = Files.readString(path.resolve(HOLDER_FILE), StandardCharsets.UTF_8).strip();
      return note.isEmpty() ? "another process" : "another process (" + note + ")";
    } catch (IOException e) {
      return "another process";
    }
  }

  private void deleteHolderNote() {
    if (wroteHolder) {
      wroteHolder = false;
      try {
        Files.deleteIfExists(path.resolve(HOLDER_FILE));
      } catch (IOException e) {
        // a stale note is read only when the lock is refused, and says "as of" nothing worse
      }
    }
  }

  /**
   * Runs {@code work} on the last commit's reader, kept open (a commit may replace it) meanwhile.
   */
  <T> T read(Read<T> work) throws IOException {
    DirectoryReader r = reader;
    // a commit may close the reader we just read: retry until we hold a live one
    while (!r.tryIncRef()) {
      r = reader;
    }
    try {
      return work.apply(r);
    } finally {
      r.decRef();
    }
  }

  /** The PNG thumbnail stored with entry {@code id}, or null if it has none or does not exist. */
  byte[] thumbnail(String id) throws IOException {
    return read(
        r -> {
          IndexSearcher searcher = new IndexSearcher(r);
          TopDocs top = searcher.search(new TermQuery(new Term(EntryDocuments.F_ID, id)), 1);
          if (top.scoreDocs.length == 0) {
            return null;
          }
          BytesRef b =
              searcher
                  .storedFields()
                  .document(top.scoreDocs[0].doc)
                  .getBinaryValue(EntryDocuments.F_THUMBNAIL);
          return b == null ? null : Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
        });
  }

  /** Bytes on disk of the last commit's files. */
  long bytesOnDisk() throws IOException {
    return read(
        r -> {
          long bytes = 0;
          for (String f : r.getIndexCommit().getFileNames()) {
            bytes += directory.fileLength(f);
          }
          return bytes;
        });
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (writer != null) {
        deleteHolderNote();
        writer.close();
        writer = null;
      }
    } finally {
      try {
        reader.close();
      } finally {
        directory.close();
      }
    }
  }
}
