package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.arcmetric.data.ImageSet;
import org.arcmetric.gallery.ExactIndex;

/**
 * Labelled embeddings: what every protocol works on once images are embedded (or read from a
 * gallery), so repeated draws cost vector arithmetic, not inference. Immutable.
 *
 * @param labels one label per row
 * @param sources where each row came from (a file, or {@code FILE#INDEX}); entries may be null
 * @param vectors n × d, unit length
 */
public record EmbeddedSet(List<String> labels, List<String> sources, float[][] vectors) {
  public EmbeddedSet {
    if (labels.size() != vectors.length || sources.size() != vectors.length) {
      throw new IllegalArgumentException("one label and one source per vector are needed");
    }
  }

  /** The images' labels and sources beside their embeddings. */
  public static EmbeddedSet of(ImageSet images, float[][] vectors) {
    List<String> sources = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      sources.add(images.source(i));
    }
    return new EmbeddedSet(images.labels(), sources, vectors);
  }

  /** Every entry of an index (a gallery's snapshot). */
  public static EmbeddedSet of(ExactIndex index) {
    float[][] v = new float[index.size()][];
    List<String> sources = new ArrayList<>(index.size());
    for (int i = 0; i < v.length; i++) {
      v[i] = index.vector(i);
      sources.add(index.source(i));
    }
    return new EmbeddedSet(index.labels(), sources, v);
  }

  public int size() {
    return vectors.length;
  }

  /** Distinct labels, sorted. */
  public List<String> classes() {
    return List.copyOf(new TreeSet<>(labels));
  }

  /** The rows whose label is (keep = true) or is not (keep = false) in {@code classes}. */
  public EmbeddedSet filter(Collection<String> classes, boolean keep) {
    Set<String> set = Set.copyOf(classes);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      if (set.contains(labels.get(i)) == keep) {
        rows.add(i);
      }
    }
    return rows(rows);
  }

  /** The given rows, in that order. */
  public EmbeddedSet rows(List<Integer> rows) {
    List<String> l = new ArrayList<>(rows.size());
    List<String> s = new ArrayList<>(rows.size());
    float[][] v = new float[rows.size()][];
    for (int i = 0; i < v.length; i++) {
      int r = rows.get(i);
      l.add(labels.get(r));
      s.add(sources.get(r));
      v[i] = vectors[r];
    }
    return new EmbeddedSet(l, s, v);
  }

  /** This set followed by {@code other}. */
  public EmbeddedSet concat(EmbeddedSet other) {
    List<String> l = new ArrayList<>(labels);
    l.addAll(other.labels);
    List<String> s = new ArrayList<>(sources);
    s.addAll(other.sources);
    float[][] v = new float[size() + other.size()][];
    System.arraycopy(vectors, 0, v, 0, size());
    System.arraycopy(other.vectors, 0, v, size(), other.size());
    return new EmbeddedSet(l, s, v);
  }

  /** An exact index over these rows (ids are row numbers). */
  public ExactIndex index() {
    return ExactIndex.of(labels, vectors, sources);
  }
}
