package org.arcmetric.gallery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.arcmetric.linalg.UnitVectors;

/**
 * Exact (brute-force) search over an immutable in-memory set of labelled vectors, held as one
 * row-major {@code float[n·d]} matrix. It is the oracle beside Lucene's HNSW search, the in-memory
 * copy of a gallery's last commit, and the index used for validation during training. Thread-safe.
 */
public final class ExactIndex implements VectorSearch {
  final String[] ids;
  final String[] labels;
  final String[] sources;
  final float[] matrix;
  final int dim;
  private volatile Map<String, float[]> centroids;
  private volatile Map<String, Integer> counts;

  ExactIndex(String[] ids, String[] labels, String[] sources, float[] matrix, int dim) {
    this.ids = ids;
    this.labels = labels;
    this.sources = sources;
    this.matrix = matrix;
    this.dim = dim;
  }

  /**
   * An index of {@code vectors} (one per row, all of one length) with their labels; ids are the row
   * numbers.
   */
  public static ExactIndex of(List<String> labels, float[][] vectors) {
    return of(labels, vectors, Collections.nCopies(vectors.length, null));
  }

  /**
   * An index of entries with their own ids (as a gallery's snapshot): row i is {@code ids[i]},
   * {@code labels[i]}, {@code sources[i]} (may be null) and {@code vectors[i]}.
   */
  public static ExactIndex of(
      List<String> ids, List<String> labels, List<String> sources, float[][] vectors) {
    ExactIndex rows = of(labels, vectors, sources);
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("one id per vector is needed");
    }
    return new ExactIndex(
        ids.toArray(new String[0]), rows.labels, rows.sources, rows.matrix, rows.dim);
  }

  /** As {@link #of(List, float[][])}, with each vector's source. */
  public static ExactIndex of(List<String> labels, float[][] vectors, List<String> sources) {
    if (labels.size() != vectors.length || sources.size() != vectors.length) {
      throw new IllegalArgumentException("one label per vector is needed");
    }
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    float[] m = new float[vectors.length * dim];
    String[] ids = new String[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dim) {
        throw new IllegalArgumentException("vectors differ in length");
      }
      System.arraycopy(vectors[i], 0, m, i * dim, dim);
      ids[i] = Integer.toString(i);
    }
    return new ExactIndex(
        ids, labels.toArray(new String[0]), sources.toArray(new String[0]), m, dim);
  }

  /** Number of vectors. */
  public int size() {
    return ids.length;
  }

  /** Vector length d. */
  public int dimension() {
    return dim;
  }

  /** The id of row {@code i}. */
  public String id(int i) {
    return ids[i];
  }

  /** The label of row {@code i}. */
  public String label(int i) {
    return labels[i];
  }

  /** The source of row {@code i} (a file, or {@code FILE#INDEX}), or null if none was stored. */
  public String source(int i) {
    return sources[i];
  }

  /** The labels, one per row. */
  public List<String> labels() {
    return List.of(labels);
  }

  /** A copy of row {@code i}. */
  public float[] vector(int i) {
    return Arrays.copyOfRange(matrix, i * dim, (i + 1) * dim);
  }

  /** Dot products of {@code q} with every row, in row order. */
  public float[] scores(float[] q) {
    int n = size();
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      float s = 0;
      int off = i * dim;
      for (int j = 0; j < dim; j++) {
        s += matrix[off + j] * q[j];
      }
      scores[i] = s;
    }
    return scores;
  }

  /** The k entries with the largest dot product with {@code q}, best first (ties: lower row). */
  @Override
  public List<Neighbour> search(float[] q, int k) {
    int n = size();
    k = Math.min(k, n);
    if (k <= 0) {
      return List.of();
    }
    float[] scores = scores(q);
    PriorityQueue<Integer> best =
        new PriorityQueue<>(
            k + 1, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : b - a);
    for (int i = 0; i < n; i++) {
      if (best.size() < k) {
        best.add(i);
      } else if (scores[i] > scores[best.peek()]) {
        best.poll();
        best.add(i);
      }
    }
    List<Neighbour> out = new ArrayList<>(k);
    while (!best.isEmpty()) {
      int i = best.poll();
      out.add(new Neighbour(ids[i], labels[i], scores[i], sources[i]));
    }
    Collections.reverse(out);
    return out;
  }

  /** Per label: the normalised mean of its vectors, labels sorted. Computed once, lazily. */
  @Override
  public Map<String, float[]> centroids() {
    Map<String, float[]> c = centroids;
    if (c == null) {
      Map<String, float[]> sums = new TreeMap<>();
      for (int i = 0; i < size(); i++) {
        float[] s = sums.computeIfAbsent(labels[i], l -> new float[dim]);
        for (int j = 0; j < dim; j++) {
          s[j] += matrix[i * dim + j];
        }
      }
      c = new LinkedHashMap<>();
      for (Map.Entry<String, float[]> e : sums.entrySet()) {
        c.put(e.getKey(), UnitVectors.normalize(e.getValue()));
      }
      centroids = c;
    }
    return c;
  }

  /** Entries per label, labels sorted. Computed once, lazily; unmodifiable. */
  @Override
  public Map<String, Integer> labelCounts() {
    Map<String, Integer> c = counts;
    if (c == null) {
      Map<String, Integer> m = new TreeMap<>();
      for (String l : labels) {
        m.merge(l, 1, Integer::sum);
      }
      c = Collections.unmodifiableMap(m);
      counts = c;
    }
    return c;
  }
}
