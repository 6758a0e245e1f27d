package org.arcmetric.solr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.arcmetric.gallery.Calibration;
import org.arcmetric.gallery.EntryRef;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.GalleryMetadata;
import org.arcmetric.gallery.GalleryStats;
import org.arcmetric.gallery.HnswOptions;
import org.arcmetric.gallery.Labels;
import org.arcmetric.gallery.Neighbour;
import org.arcmetric.gallery.SearchOptions;
import org.arcmetric.options.InvalidOptionException;

/**
 * A gallery on SolrCloud: one collection ({@link SolrLocation}) of entry documents with a dense
 * vector field {@code v} ({@code DenseVectorField}, dot product, HNSW), one centroid document per
 * class and one metadata document (see the shipped schema). It keeps {@link Gallery}'s contract:
 *
 * <ul>
 *   <li>Search: approximate mode asks Solr's {@code {!knn f=v topK=T}} with T = max(k, efSearch)
 *       candidates per shard (Solr has no efSearch: topK is the candidate list), fetches the best k
 *       + 8 of them by Solr's score (1 + dot) / 2 with their stored vectors, re-ranks those by the
 *       exact dot product and keeps k; exact mode (and {@link SearchOptions#DEFAULT} up to {@value
 *       SearchOptions#AUTO_EXACT_LIMIT} entries) scores every entry on the shards with {@code
 *       vectorSimilarity} and re-ranks the top k the same way. Scores are cosines in [−1, 1], as
 *       the local gallery's.
 *   <li>Centroids are exact at any size without reading the vectors: each class's centroid document
 *       holds Σv (doubles) and n, updated on every write with Solr's optimistic concurrency ({@code
 *       _version_}; a conflicting writer retries), and the centroid is Σv/‖Σv‖.
 *   <li>Every write ends with a hard commit that opens a new searcher, so the next search sees it.
 *       Solr has no multi-document transaction: if a write fails half-way, the entries already sent
 *       are deleted again before the error is thrown (best effort).
 * </ul>
 *
 * <p>Thread-safety: searches may run from many threads; writes from this object are serialised.
 * Other processes may write the same collection (centroids stay exact through optimistic
 * concurrency); this object sees their writes within {@value #STATE_TTL_MS} ms ({@link #size},
 * {@link #labelCounts}, {@link #centroids} and the metadata are cached that long).
 */
public final class SolrGallery implements Gallery {
  /** How long the cached counts, centroids and metadata are trusted for other writers' changes. */
  static final long STATE_TTL_MS = 1000;

  private final SolrLocation where;
  private final SolrClient client;
  private final SolrSearch search;
  private volatile SolrState state;

  private SolrGallery(SolrLocation where, SolrClient client) {
    this.where = where;
    this.client = client;
    this.search = new SolrSearch(client, where);
  }

  static SolrClient client(SolrLocation where) {
    return SolrSetup.client(where);
  }

  /** Whether {@code where} holds an arcmetric gallery (its collection and metadata document). */
  public static boolean exists(SolrLocation where) throws IOException {
    try (SolrClient c = client(where)) {
      return SolrCollections.exists(c, where.collection()) && SolrMeta.readMeta(c, where) != null;
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  /**
   * Opens the gallery at {@code where}.
   *
   * @throws GalleryException when the collection does not exist or holds no arcmetric gallery
   */
  public static SolrGallery open(SolrLocation where) throws IOException {
    return connect(where, c -> SolrSetup.requireGallery(c, where));
  }

  /** What {@link #connect} runs on the new client before the gallery is handed out. */
  private interface Setup {
    void run(SolrClient client) throws IOException, SolrServerException;
  }

  /**
   * A gallery on a new client for {@code where}, once {@code setup} (the checks of open, the
   * creation of create) has run and the first state is read; the client is closed on any failure.
   */
  private static SolrGallery connect(SolrLocation where, Setup setup) throws IOException {
    SolrClient c = client(where);
    try {
      setup.run(c);
      SolrGallery g = new SolrGallery(where, c);
      g.state();
      return g;
    } catch (SolrServerException | SolrException | IOException e) {
      c.close();
      throw SolrErrors.unreachable(where, e);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Creates an empty gallery at {@code where}: the collection (from the shipped configset, with the
   * location's shards and replicas) if it does not exist, then the metadata document.
   *
   * @throws GalleryException when the collection already holds a gallery or its vectors have
   *     another dimension
   * @throws InvalidOptionException for int8 vectors, which Solr 9.10's vector field lacks
   */
  public static SolrGallery create(
      SolrLocation where, String fingerprint, int dimension, HnswOptions hnsw) throws IOException {
    if (hnsw.int8()) {
      throw new InvalidOptionException(
          "{int8} is not available for a SolrCloud gallery (Solr 9.10's DenseVectorField stores"
              + " float vectors only); leave it off, or use a local gallery folder");
    }
    GalleryMetadata meta = GalleryMetadata.of(fingerprint, dimension, hnsw);
    return connect(where, c -> SolrSetup.createGallery(c, where, meta, hnsw));
  }

  // ---- cached state ----

  private SolrState state() throws IOException {
    SolrState s = state;
    if (s == null || System.currentTimeMillis() - s.readAt() > STATE_TTL_MS) {
      s = SolrState.read(client, where);
      state = s;
    }
    return s;
  }

  private SolrState stateUnchecked() {
    try {
      return state();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void changed() {
    state = null;
  }

  /** Every document matching {@code query}, with fields {@code fl} ({@link SolrDocs#all}). */
  private List<SolrDocument> all(String query, String fl) throws IOException, SolrServerException {
    return SolrDocs.all(client, where, query, fl);
  }

  // ---- Gallery: reading ----

  @Override
  public String location() {
    return where.uri();
  }

  @Override
  public GalleryMetadata metadata() {
    return stateUnchecked().metadata();
  }

  /** Its HNSW options ({@link HnswOptions#asOptions}), as the collection was created with. */
  @Override
  public Map<String, String> engineOptions() {
    return metadata().hnsw().asOptions();
  }

  @Override
  public int size() {
    return stateUnchecked().size();
  }

  @Override
  public Map<String, Integer> labelCounts() {
    return stateUnchecked().counts();
  }

  @Override
  public Map<String, float[]> centroids() {
    return stateUnchecked().centroids();
  }

  @Override
  public List<EntryRef> entries(String name) throws IOException {
    String label = Labels.nfc(name);
    try {
      List<EntryRef> out = new ArrayList<>();
      for (SolrDocument d : all(SolrDocs.entryQuery(label), "id,label,source")) {
        out.add(
            new EntryRef(
                (String) d.getFirstValue(SolrFields.ID),
                (String) d.getFirstValue(SolrFields.LABEL),
                (String) d.getFirstValue(SolrFields.SOURCE)));
      }
      return out;
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  @Override
  public byte[] thumbnail(String id) throws IOException {
    try {
      SolrDocument d = client.getById(where.collection(), id);
      if (d == null || !SolrFields.KIND_ENTRY.equals(d.getFirstValue(SolrFields.KIND))) {
        return null;
      }
      return SolrDocs.byteArray(d.getFirstValue(SolrFields.THUMB));
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  /** Entries, classes, dimension and fingerprint; bytes on disk are not known here (−1). */
  @Override
  public GalleryStats stats() throws IOException {
    SolrState s = state();
    return new GalleryStats(
        location(),
        s.size(),
        s.counts().size(),
        s.metadata().dimension(),
        s.metadata().fingerprint(),
        -1,
        s.counts());
  }

  @Override
  public ExactIndex snapshot() throws IOException {
    try {
      List<String> ids = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (SolrDocument d :
          all(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY, "id,label,source,v")) {
        ids.add((String) d.getFirstValue(SolrFields.ID));
        labels.add((String) d.getFirstValue(SolrFields.LABEL));
        sources.add((String) d.getFirstValue(SolrFields.SOURCE));
        vectors.add(SolrDocs.vector(d));
      }
      return ExactIndex.of(ids, labels, sources, vectors.toArray(new float[0][]));
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  // ---- Gallery: search ----

  @Override
  public List<Neighbour> search(float[] query, int k, SearchOptions options) {
    requireQueryDimension(query);
    if (k <= 0) {
      return List.of();
    }
    return options.exactFor(size())
        ? search.exactScan(query, k)
        : search.knn(query, k, Math.max(k, options.candidates()));
  }

  @Override
  public List<Neighbour> searchExact(float[] query, int k) {
    requireQueryDimension(query);
    return k <= 0 ? List.of() : search.exactScan(query, k);
  }

  // ---- Gallery: writing ----

  @Override
  public synchronized List<String> add(List<GalleryEntry> entries) throws IOException {
    int dim = dimension();
    for (int i = 0; i < entries.size(); i++) {
      entries.get(i).requireValid(i, dim);
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(entries.size());
    SolrCentroids.ClassSums sums = new SolrCentroids.ClassSums(dim);
    List<SolrInputDocument> docs = new ArrayList<>();
    for (GalleryEntry e : entries) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      docs.add(SolrDocs.entryDoc(id, e.label(), e.source(), e.vector(), e.thumbnail()));
      sums.add(e.label(), e.vector(), 1);
    }
    try {
      SolrWrites.addAll(client, where, docs);
      sums.applyTo(client, where);
      commit();
      return ids;
    } catch (SolrServerException | SolrException | IOException e) {
      undoAdd(ids, sums.labels());
      throw SolrErrors.unreachable(where, e);
    }
  }

  /** Best effort after a failed add: delete the ids sent, recompute their classes' sums. */
  private void undoAdd(List<String> ids, Collection<String> labels) {
    try {
      client.deleteById(where.collection(), ids);
      SolrRepair.recompute(client, where, labels, dimension());
      changed();
    } catch (SolrServerException | SolrException | IOException ignored) {
      // the original error is the one to report
    }
    changed();
  }

  private void commit() throws IOException, SolrServerException {
    client.commit(where.collection(), true, true);
    changed();
  }

  /**
   * Compares each class's sum document with its entries: the count it holds against the entries'
   * count (the facet), and that every class with entries has one and no sum outlives its class.
   */
  @Override
  public String check() throws IOException {
    List<String> bad = inconsistentLabels();
    return bad.isEmpty()
        ? null
        : bad.size()
            + " classes whose stored sum disagrees with their entries (a write that failed half-way):"
            + " "
            + String.join(", ", bad.subList(0, Math.min(10, bad.size())))
            + (bad.size() > 10 ? ", ..." : "");
  }

  /** Recomputes the sum document of every class {@link #check} finds inconsistent. */
  @Override
  public synchronized List<String> repair() throws IOException {
    List<String> bad = inconsistentLabels();
    if (!bad.isEmpty()) {
      try {
        SolrRepair.recompute(client, where, bad, dimension());
        changed();
      } catch (SolrServerException | SolrException | IOException e) {
        throw SolrErrors.unreachable(where, e);
      }
    }
    return bad;
  }

  private List<String> inconsistentLabels() throws IOException {
    changed();
    return SolrRepair.inconsistent(client, where, state().counts());
  }

  @Override
  public synchronized int removeLabel(String name) throws IOException {
    String label = Labels.nfc(name);
    int count = state().counts().getOrDefault(label, 0);
    if (count == 0) {
      return 0;
    }
    try {
      client.deleteByQuery(where.collection(), SolrDocs.entryQuery(label));
      client.deleteById(where.collection(), SolrFields.centroidId(label));
      commit();
      return count;
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  @Override
  public synchronized int removeIds(Collection<String> ids) throws IOException {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      List<SolrDocument> found = SolrWrites.entriesById(client, where, ids);
      return delete(found);
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  private int delete(List<SolrDocument> found) throws IOException, SolrServerException {
    int n = SolrWrites.delete(client, where, found, dimension());
    if (n > 0) {
      changed();
    }
    return n;
  }

  @Override
  public synchronized int removeSources(Collection<String> sources) throws IOException {
    if (sources.isEmpty()) {
      return 0;
    }
    try {
      List<SolrDocument> found = SolrWrites.entriesBySource(client, where, sources);
      return delete(found);
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  @Override
  public synchronized int renameLabel(String oldName, String newName) throws IOException {
    String from = Labels.nfc(oldName);
    SolrState s = state();
    String to = requireNewClassName(from, newName, s.counts().keySet());
    if (!s.counts().containsKey(from)) {
      return 0;
    }
    try {
      int renamed = SolrWrites.rename(client, where, from, to);
      commit();
      return renamed;
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  @Override
  public synchronized void setCalibration(Calibration c) throws IOException {
    try {
      for (int attempt = 0; ; attempt++) {
        SolrDocument d = SolrMeta.readMetaDoc(client, where);
        if (d == null) {
          throw new GalleryException(where.uri() + ": its metadata document has gone");
        }
        long version = ((Number) d.getFirstValue(SolrFields.VERSION)).longValue();
        GalleryMetadata m = SolrMeta.readMeta(client, where).withCalibration(c);
        try {
          SolrMeta.writeMeta(client, where, m, version);
          break;
        } catch (SolrException e) {
          if (e.code() != 409 || attempt >= SolrMeta.RETRIES) {
            throw e;
          }
        }
      }
      commit();
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
  }

  /** Drops the whole collection and its configset (for tests and benchmarks). */
  public synchronized void deleteCollection() throws IOException {
    try {
      CollectionAdminRequest.deleteCollection(where.collection()).process(client);
    } catch (SolrServerException | SolrException | IOException e) {
      throw SolrErrors.unreachable(where, e);
    }
    changed();
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
