package org.arcmetric.solr;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
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
import org.arcmetric.linalg.UnitVectors;
import org.arcmetric.model.ModelFolder;
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

  private static final int PAGE = 1000;
  private static final int RETRIES = 50;

  private final SolrLocation where;
  private final SolrClient client;
  private volatile State state;

  /** Counts, centroids and metadata read together, with when. */
  private record State(
      GalleryMetadata metadata,
      int size,
      Map<String, Integer> counts,
      Map<String, float[]> centroids,
      long readAt) {}

  private SolrGallery(SolrLocation where, SolrClient client) {
    this.where = where;
    this.client = client;
  }

  static SolrClient client(SolrLocation where) {
    return new HttpJdkSolrClient.Builder(where.baseUrl())
        .withConnectionTimeout(10, TimeUnit.SECONDS)
        .withRequestTimeout(10, TimeUnit.MINUTES)
        .build();
  }

  /** Whether {@code where} holds an arcmetric gallery (its collection and metadata document). */
  public static boolean exists(SolrLocation where) throws IOException {
    try (SolrClient c = client(where)) {
      return SolrCollections.exists(c, where.collection()) && readMeta(c, where) != null;
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  /**
   * Opens the gallery at {@code where}.
   *
   * @throws GalleryException when the collection does not exist or holds no arcmetric gallery
   */
  public static SolrGallery open(SolrLocation where) throws IOException {
    return connect(
        where,
        c -> {
          if (!SolrCollections.exists(c, where.collection())) {
            throw new GalleryException(
                "there is no collection "
                    + where.collection()
                    + " at "
                    + where.baseUrl()
                    + "; 'arcmetric enroll --gallery "
                    + where.uri()
                    + "' creates it");
          }
          if (readMeta(c, where) == null) {
            throw new GalleryException(
                "collection "
                    + where.collection()
                    + " at "
                    + where.baseUrl()
                    + " is not an arcmetric gallery (it has no "
                    + SolrFields.META_ID
                    + " document)");
          }
        });
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
      throw unreachable(where, e);
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
    return connect(
        where,
        c -> {
          if (!SolrCollections.exists(c, where.collection())) {
            SolrCollections.create(c, where, dimension, hnsw);
          } else if (readMeta(c, where) != null) {
            throw new GalleryException(
                "collection "
                    + where.collection()
                    + " at "
                    + where.baseUrl()
                    + " already holds a gallery; open it, or give a new collection name");
          }
          SolrCollections.requireVectorField(c, where, dimension);
          writeMeta(c, where, meta, -1L);
          c.commit(where.collection(), true, true);
        });
  }

  private static IOException unreachable(SolrLocation where, Exception e) {
    if (e instanceof GalleryException ge) {
      return ge;
    }
    if (e instanceof SolrException se && se.code() == 409) {
      return new GalleryException(
          "collection " + where.collection() + " was changed by another writer at the same time",
          e);
    }
    return new IOException(
        "SolrCloud at "
            + where.baseUrl()
            + " failed for collection "
            + where.collection()
            + ": "
            + describe(e),
        e);
  }

  /** The first real message in {@code e}'s causes; a refused connection says so plainly. */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "cannot connect (is Solr running there, and is the port right?)";
      }
      String m = t.getMessage();
      if (message == null && m != null && !m.isBlank() && !m.equals("null")) {
        message = m;
      }
    }
    return message != null ? message : e.getClass().getSimpleName();
  }

  // ---- metadata ----

  private static SolrDocument readMetaDoc(SolrClient c, SolrLocation where)
      throws IOException, SolrServerException {
    return c.getById(where.collection(), SolrFields.META_ID);
  }

  private static GalleryMetadata readMeta(SolrClient c, SolrLocation where)
      throws IOException, SolrServerException {
    SolrDocument d = readMetaDoc(c, where);
    if (d == null) {
      return null;
    }
    Object json = d.getFirstValue(SolrFields.META);
    Map<String, String> map;
    try {
      map = ModelFolder.JSON.readValue(String.valueOf(json), new TypeReference<>() {});
    } catch (IOException e) {
      throw new GalleryException(where.uri() + ": its metadata document is unreadable", e);
    }
    return GalleryMetadata.decode(where.uri(), map);
  }

  private static void writeMeta(SolrClient c, SolrLocation where, GalleryMetadata m, long version)
      throws IOException, SolrServerException {
    SolrInputDocument d = new SolrInputDocument();
    d.setField(SolrFields.ID, SolrFields.META_ID);
    d.setField(SolrFields.KIND, SolrFields.KIND_META);
    d.setField(SolrFields.META, ModelFolder.JSON.writeValueAsString(new TreeMap<>(m.encode())));
    d.setField(SolrFields.VERSION, version);
    c.add(where.collection(), d);
  }

  // ---- cached state ----

  private State state() throws IOException {
    State s = state;
    if (s == null || System.currentTimeMillis() - s.readAt() > STATE_TTL_MS) {
      s = readState();
      state = s;
    }
    return s;
  }

  private State stateUnchecked() {
    try {
      return state();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private State readState() throws IOException {
    try {
      GalleryMetadata meta = readMeta(client, where);
      if (meta == null) {
        throw new GalleryException(where.uri() + ": its metadata document has gone");
      }
      SolrQuery q = new SolrQuery(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY);
      q.setRows(0);
      q.setFacet(true);
      q.addFacetField(SolrFields.LABEL);
      q.setFacetLimit(-1);
      q.setFacetMinCount(1);
      QueryResponse r = client.query(where.collection(), q, SolrRequest.METHOD.POST);
      Map<String, Integer> counts = new TreeMap<>();
      FacetField f = r.getFacetField(SolrFields.LABEL);
      if (f != null && f.getValues() != null) {
        for (FacetField.Count c : f.getValues()) {
          counts.put(c.getName(), (int) c.getCount());
        }
      }
      Map<String, float[]> centroids = new LinkedHashMap<>();
      Map<String, double[]> sums = new TreeMap<>();
      for (SolrDocument d : all(SolrFields.KIND + ":" + SolrFields.KIND_CENTROID, "label,sum")) {
        sums.put(
            (String) d.getFirstValue(SolrFields.LABEL), decodeSum(d.getFirstValue(SolrFields.SUM)));
      }
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        if (counts.containsKey(e.getKey())) {
          centroids.put(e.getKey(), normalise(e.getValue()));
        }
      }
      return new State(
          meta,
          (int) r.getResults().getNumFound(),
          Collections.unmodifiableMap(counts),
          Collections.unmodifiableMap(centroids),
          System.currentTimeMillis());
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  /** Σv as a unit vector: the class's centroid. */
  private static float[] normalise(double[] sum) {
    float[] v = new float[sum.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) sum[j];
    }
    return UnitVectors.normalize(v);
  }

  static byte[] encodeSum(double[] sum) {
    ByteBuffer b = ByteBuffer.allocate(8 * sum.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : sum) {
      b.putDouble(x);
    }
    return b.array();
  }

  static double[] decodeSum(Object stored) {
    ByteBuffer b = bytes(stored).order(ByteOrder.LITTLE_ENDIAN);
    double[] sum = new double[b.remaining() / 8];
    for (int j = 0; j < sum.length; j++) {
      sum[j] = b.getDouble();
    }
    return sum;
  }

  /** A stored binary field's bytes, or null for none. */
  private static byte[] byteArray(Object stored) {
    if (stored == null) {
      return null;
    }
    ByteBuffer b = bytes(stored);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static ByteBuffer bytes(Object stored) {
    if (stored instanceof byte[] a) {
      return ByteBuffer.wrap(a);
    }
    if (stored instanceof ByteBuffer bb) {
      return bb.duplicate();
    }
    throw new IllegalStateException("not a binary field value: " + stored);
  }

  private void changed() {
    state = null;
  }

  /** Every document matching {@code query}, with fields {@code fl}, paged by cursor. */
  private List<SolrDocument> all(String query, String fl) throws IOException, SolrServerException {
    List<SolrDocument> out = new ArrayList<>();
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrQuery q = new SolrQuery(query);
      q.setFields(fl);
      q.setRows(PAGE);
      q.setSort(SolrFields.ID, SolrQuery.ORDER.asc);
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse r = client.query(where.collection(), q, SolrRequest.METHOD.POST);
      out.addAll(r.getResults());
      String next = r.getNextCursorMark();
      if (next == null || next.equals(cursor)) {
        return out;
      }
      cursor = next;
    }
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
      for (SolrDocument d : all(entryQuery(label), "id,label,source")) {
        out.add(
            new EntryRef(
                (String) d.getFirstValue(SolrFields.ID),
                (String) d.getFirstValue(SolrFields.LABEL),
                (String) d.getFirstValue(SolrFields.SOURCE)));
      }
      return out;
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  private static String entryQuery(String label) {
    return SolrFields.KIND
        + ":"
        + SolrFields.KIND_ENTRY
        + " AND "
        + SolrFields.LABEL
        + ":"
        + ClientUtils.escapeQueryChars(label);
  }

  @Override
  public byte[] thumbnail(String id) throws IOException {
    try {
      SolrDocument d = client.getById(where.collection(), id);
      if (d == null || !SolrFields.KIND_ENTRY.equals(d.getFirstValue(SolrFields.KIND))) {
        return null;
      }
      return byteArray(d.getFirstValue(SolrFields.THUMB));
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  /** Entries, classes, dimension and fingerprint; bytes on disk are not known here (−1). */
  @Override
  public GalleryStats stats() throws IOException {
    State s = state();
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
        vectors.add(vector(d));
      }
      return ExactIndex.of(ids, labels, sources, vectors.toArray(new float[0][]));
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  private static float[] vector(SolrDocument d) {
    Collection<Object> values = d.getFieldValues(SolrFields.VECTOR);
    float[] v = new float[values.size()];
    int j = 0;
    for (Object o : values) {
      v[j++] = ((Number) o).floatValue();
    }
    return v;
  }

  // ---- Gallery: search ----

  @Override
  public List<Neighbour> search(float[] query, int k, SearchOptions options) {
    requireQueryDimension(query);
    if (k <= 0) {
      return List.of();
    }
    return options.exactFor(size())
        ? exactScan(query, k)
        : knn(query, k, Math.max(k, options.candidates()));
  }

  @Override
  public List<Neighbour> searchExact(float[] query, int k) {
    requireQueryDimension(query);
    return k <= 0 ? List.of() : exactScan(query, k);
  }

  private List<Neighbour> knn(float[] query, int k, int topK) {
    SolrQuery q =
        new SolrQuery("{!knn f=" + SolrFields.VECTOR + " topK=" + topK + "}" + literal(query));
    // Solr scores the candidates it found by their true similarity, (1 + dot) / 2: the best k (and
    // a few for float near-ties) are the ones to fetch and re-rank by the exact dot product
    q.setRows(k + 8);
    return ranked(q, query, k);
  }

  private List<Neighbour> exactScan(float[] query, int k) {
    SolrQuery q =
        new SolrQuery(
            "{!func}vectorSimilarity(FLOAT32,DOT_PRODUCT,"
                + SolrFields.VECTOR
                + ","
                + literal(query)
                + ")");
    q.addFilterQuery(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY);
    // a few more than k: Solr's float scores may order near-ties differently from the exact dot
    q.setRows(k + 8);
    return ranked(q, query, k);
  }

  private List<Neighbour> ranked(SolrQuery q, float[] query, int k) {
    q.setFields("id,label,source,v");
    SolrDocumentList docs;
    try {
      docs = client.query(where.collection(), q, SolrRequest.METHOD.POST).getResults();
    } catch (SolrServerException | SolrException | IOException e) {
      throw new UncheckedIOException(e instanceof IOException io ? io : unreachable(where, e));
    }
    List<Neighbour> out = new ArrayList<>(docs.size());
    for (SolrDocument d : docs) {
      float[] v = vector(d);
      float s = 0;
      for (int j = 0; j < v.length; j++) {
        s += v[j] * query[j];
      }
      out.add(
          new Neighbour(
              (String) d.getFirstValue(SolrFields.ID),
              (String) d.getFirstValue(SolrFields.LABEL),
              s,
              (String) d.getFirstValue(SolrFields.SOURCE)));
    }
    out.sort(
        (a, b) ->
            a.score() != b.score()
                ? Float.compare(b.score(), a.score())
                : a.id().compareTo(b.id()));
    return List.copyOf(out.subList(0, Math.min(k, out.size())));
  }

  private static String literal(float[] v) {
    StringBuilder sb = new StringBuilder(v.length * 12).append('[');
    for (int j = 0; j < v.length; j++) {
      if (j > 0) {
        sb.append(',');
      }
      sb.append(v[j]);
    }
    return sb.append(']').toString();
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
    ClassSums sums = new ClassSums(dim);
    List<SolrInputDocument> docs = new ArrayList<>();
    for (GalleryEntry e : entries) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      docs.add(entryDoc(id, e.label(), e.source(), e.vector(), e.thumbnail()));
      sums.add(e.label(), e.vector(), 1);
    }
    try {
      addAll(docs);
      sums.applyTo(this);
      commit();
      return ids;
    } catch (SolrServerException | SolrException | IOException e) {
      undoAdd(ids, sums.labels());
      throw unreachable(where, e);
    }
  }

  /** Best effort after a failed add: delete the ids sent, recompute their classes' sums. */
  private void undoAdd(List<String> ids, Collection<String> labels) {
    try {
      client.deleteById(where.collection(), ids);
      recomputeCentroids(labels);
    } catch (SolrServerException | SolrException | IOException ignored) {
      // the original error is the one to report
    }
    changed();
  }

  /** An entry document. */
  private static SolrInputDocument entryDoc(
      String id, String label, String source, float[] vector, byte[] thumbnail) {
    SolrInputDocument d = new SolrInputDocument();
    d.setField(SolrFields.ID, id);
    d.setField(SolrFields.KIND, SolrFields.KIND_ENTRY);
    d.setField(SolrFields.LABEL, label);
    if (source != null) {
      d.setField(SolrFields.SOURCE, source);
    }
    List<Float> v = new ArrayList<>(vector.length);
    for (float x : vector) {
      v.add(x);
    }
    d.setField(SolrFields.VECTOR, v);
    if (thumbnail != null) {
      d.setField(SolrFields.THUMB, thumbnail);
    }
    return d;
  }

  private void addAll(List<SolrInputDocument> docs) throws IOException, SolrServerException {
    for (int from = 0; from < docs.size(); from += PAGE) {
      client.add(where.collection(), docs.subList(from, Math.min(docs.size(), from + PAGE)));
    }
  }

  /** What a write adds to (sign +1) or takes from (−1) each class's Σv and n. */
  private static final class ClassSums {
    private final int dim;
    private final Map<String, double[]> sums = new TreeMap<>();
    private final Map<String, Long> counts = new HashMap<>();

    ClassSums(int dim) {
      this.dim = dim;
    }

    void add(String label, float[] v, int sign) {
      double[] sum = sums.computeIfAbsent(label, l -> new double[dim]);
      for (int j = 0; j < dim; j++) {
        sum[j] += sign * v[j];
      }
      counts.merge(label, (long) sign, Long::sum);
    }

    Collection<String> labels() {
      return sums.keySet();
    }

    void applyTo(SolrGallery g) throws IOException, SolrServerException {
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        g.updateCentroid(e.getKey(), e.getValue(), counts.get(e.getKey()));
      }
    }
  }

  private void commit() throws IOException, SolrServerException {
    client.commit(where.collection(), true, true);
    changed();
  }

  /**
   * Adds {@code delta} and {@code count} to the centroid document of {@code label} under optimistic
   * concurrency: read it with its {@code _version_}, write it back on that version, retry on
   * conflict. A count that reaches 0 deletes the document.
   */
  private void updateCentroid(String label, double[] delta, long count)
      throws IOException, SolrServerException {
    String id = SolrFields.centroidId(label);
    for (int attempt = 0; ; attempt++) {
      SolrDocument d = client.getById(where.collection(), id);
      long version = d == null ? -1L : ((Number) d.getFirstValue(SolrFields.VERSION)).longValue();
      double[] sum =
          d == null ? new double[delta.length] : decodeSum(d.getFirstValue(SolrFields.SUM));
      long n = d == null ? 0 : ((Number) d.getFirstValue(SolrFields.COUNT)).longValue();
      for (int j = 0; j < sum.length; j++) {
        sum[j] += delta[j];
      }
      n += count;
      try {
        if (n <= 0) {
          if (d != null) {
            new UpdateRequest().deleteById(id, version).process(client, where.collection());
          }
        } else {
          client.add(where.collection(), centroidDoc(label, sum, n, version));
        }
        return;
      } catch (SolrException e) {
        if (e.code() != 409 || attempt >= RETRIES) {
          throw e;
        }
      }
    }
  }

  private static SolrInputDocument centroidDoc(String label, double[] sum, long n, long version) {
    SolrInputDocument c = new SolrInputDocument();
    c.setField(SolrFields.ID, SolrFields.centroidId(label));
    c.setField(SolrFields.KIND, SolrFields.KIND_CENTROID);
    c.setField(SolrFields.LABEL, label);
    c.setField(SolrFields.SUM, encodeSum(sum));
    c.setField(SolrFields.COUNT, n);
    c.setField(SolrFields.VERSION, version);
    return c;
  }

  /**
   * Rewrites the sum documents of {@code labels} from their entries (reads their vectors: for
   * repair, not for every write); one commit first, so the entries are all visible, and one after.
   */
  private void recomputeCentroids(Collection<String> labels)
      throws IOException, SolrServerException {
    client.commit(where.collection(), true, true);
    int dim = dimension();
    for (String label : labels) {
      double[] sum = new double[dim];
      long n = 0;
      for (SolrDocument d : all(entryQuery(label), "id,v")) {
        float[] v = vector(d);
        for (int j = 0; j < dim; j++) {
          sum[j] += v[j];
        }
        n++;
      }
      if (n == 0) {
        client.deleteById(where.collection(), SolrFields.centroidId(label));
      } else {
        client.add(where.collection(), centroidDoc(label, sum, n, 0L));
      }
    }
    commit();
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
        recomputeCentroids(bad);
      } catch (SolrServerException | SolrException | IOException e) {
        throw unreachable(where, e);
      }
    }
    return bad;
  }

  private List<String> inconsistentLabels() throws IOException {
    changed();
    Map<String, Integer> counts = state().counts();
    try {
      Map<String, Long> sums = new TreeMap<>();
      for (SolrDocument d : all(SolrFields.KIND + ":" + SolrFields.KIND_CENTROID, "label,count")) {
        sums.put(
            (String) d.getFirstValue(SolrFields.LABEL),
            ((Number) d.getFirstValue(SolrFields.COUNT)).longValue());
      }
      Set<String> labels = new TreeSet<>(counts.keySet());
      labels.addAll(sums.keySet());
      List<String> bad = new ArrayList<>();
      for (String l : labels) {
        Long n = sums.get(l);
        Integer c = counts.get(l);
        if (n == null || c == null || n.longValue() != c.longValue()) {
          bad.add(l);
        }
      }
      return bad;
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  @Override
  public synchronized int removeLabel(String name) throws IOException {
    String label = Labels.nfc(name);
    int count = state().counts().getOrDefault(label, 0);
    if (count == 0) {
      return 0;
    }
    try {
      client.deleteByQuery(where.collection(), entryQuery(label));
      client.deleteById(where.collection(), SolrFields.centroidId(label));
      commit();
      return count;
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  @Override
  public synchronized int removeIds(Collection<String> ids) throws IOException {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      List<SolrDocument> found = new ArrayList<>();
      List<String> list = List.copyOf(new LinkedHashSet<>(ids));
      for (int from = 0; from < list.size(); from += PAGE) {
        for (SolrDocument d :
            client.getById(
                where.collection(), list.subList(from, Math.min(list.size(), from + PAGE)))) {
          if (SolrFields.KIND_ENTRY.equals(d.getFirstValue(SolrFields.KIND))) {
            found.add(d);
          }
        }
      }
      return delete(found);
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  private int delete(List<SolrDocument> found) throws IOException, SolrServerException {
    if (found.isEmpty()) {
      return 0;
    }
    ClassSums sums = new ClassSums(dimension());
    List<String> ids = new ArrayList<>();
    for (SolrDocument d : found) {
      ids.add((String) d.getFirstValue(SolrFields.ID));
      sums.add((String) d.getFirstValue(SolrFields.LABEL), vector(d), -1);
    }
    client.deleteById(where.collection(), ids);
    sums.applyTo(this);
    commit();
    return ids.size();
  }

  @Override
  public synchronized int removeSources(Collection<String> sources) throws IOException {
    if (sources.isEmpty()) {
      return 0;
    }
    try {
      List<SolrDocument> found = new ArrayList<>();
      List<String> list = List.copyOf(new LinkedHashSet<>(sources));
      for (int from = 0; from < list.size(); from += 100) {
        StringBuilder q =
            new StringBuilder(SolrFields.KIND + ":" + SolrFields.KIND_ENTRY + " AND (");
        List<String> part = list.subList(from, Math.min(list.size(), from + 100));
        for (int i = 0; i < part.size(); i++) {
          q.append(i == 0 ? "" : " OR ")
              .append(SolrFields.SOURCE)
              .append(':')
              .append(ClientUtils.escapeQueryChars(part.get(i)));
        }
        found.addAll(all(q.append(')').toString(), "id,label,v"));
      }
      return delete(found);
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  @Override
  public synchronized int renameLabel(String oldName, String newName) throws IOException {
    String from = Labels.nfc(oldName);
    State s = state();
    String to = requireNewClassName(from, newName, s.counts().keySet());
    if (!s.counts().containsKey(from)) {
      return 0;
    }
    try {
      List<SolrDocument> docs = all(entryQuery(from), "id,source,v,thumb");
      List<SolrInputDocument> renamed = new ArrayList<>();
      for (SolrDocument d : docs) {
        renamed.add(
            entryDoc(
                (String) d.getFirstValue(SolrFields.ID),
                to,
                (String) d.getFirstValue(SolrFields.SOURCE),
                vector(d),
                byteArray(d.getFirstValue(SolrFields.THUMB))));
      }
      addAll(renamed);
      SolrDocument c = client.getById(where.collection(), SolrFields.centroidId(from));
      if (c != null) {
        client.add(
            where.collection(),
            centroidDoc(
                to,
                decodeSum(c.getFirstValue(SolrFields.SUM)),
                ((Number) c.getFirstValue(SolrFields.COUNT)).longValue(),
                -1L));
        client.deleteById(where.collection(), SolrFields.centroidId(from));
      }
      commit();
      return renamed.size();
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  @Override
  public synchronized void setCalibration(Calibration c) throws IOException {
    try {
      for (int attempt = 0; ; attempt++) {
        SolrDocument d = readMetaDoc(client, where);
        if (d == null) {
          throw new GalleryException(where.uri() + ": its metadata document has gone");
        }
        long version = ((Number) d.getFirstValue(SolrFields.VERSION)).longValue();
        GalleryMetadata m = readMeta(client, where).withCalibration(c);
        try {
          writeMeta(client, where, m, version);
          break;
        } catch (SolrException e) {
          if (e.code() != 409 || attempt >= RETRIES) {
            throw e;
          }
        }
      }
      commit();
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
  }

  /** Drops the whole collection and its configset (for tests and benchmarks). */
  public synchronized void deleteCollection() throws IOException {
    try {
      org.apache.solr.client.solrj.request.CollectionAdminRequest.deleteCollection(
              where.collection())
          .process(client);
    } catch (SolrServerException | SolrException | IOException e) {
      throw unreachable(where, e);
    }
    changed();
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
