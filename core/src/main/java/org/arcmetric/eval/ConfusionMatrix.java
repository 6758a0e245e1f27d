package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts of (true label, answer) over a set of queries, with the per-class and averaged precision
 * and recall derived from them. Rows are the true labels, columns the answered labels, both in
 * {@link #classes()} order, plus a last column for {@code unknown} answers (rejected queries).
 *
 * <p>Precision of c = correct answers c / all answers c (0 when c was never answered); recall of c
 * = correct answers c / queries labelled c. Macro averages are the plain means over the classes
 * that occur as true labels; micro precision is correct / answered (unknown excluded) and micro
 * recall is correct / all queries, which is the accuracy. Immutable and thread-safe.
 */
public final class ConfusionMatrix {
  private final List<String> classes;
  private final int[][] counts;

  private ConfusionMatrix(List<String> classes, int[][] counts) {
    this.classes = classes;
    this.counts = counts;
  }

  /**
   * @param truth the true label of each query
   * @param answers the answered label of each query, null for {@code unknown}
   */
  public static ConfusionMatrix of(List<String> truth, List<String> answers) {
    if (truth.size() != answers.size()) {
      throw new IllegalArgumentException("one answer per true label is needed");
    }
    TreeSet<String> all = new TreeSet<>(truth);
    for (String a : answers) {
      if (a != null) {
        all.add(a);
      }
    }
    List<String> classes = List.copyOf(all);
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    int[][] counts = new int[classes.size()][classes.size() + 1];
    for (int i = 0; i < truth.size(); i++) {
      String a = answers.get(i);
      counts[index.get(truth.get(i))][a == null ? classes.size() : index.get(a)]++;
    }
    return new ConfusionMatrix(classes, counts);
  }

  /** True and answered labels, sorted. */
  public List<String> classes() {
    return classes;
  }

  /** Queries labelled {@code truth} answered {@code answer} (null: unknown). */
  public int count(String truth, String answer) {
    int r = classes.indexOf(truth);
    int c = answer == null ? classes.size() : classes.indexOf(answer);
    return r < 0 || c < 0 ? 0 : counts[r][c];
  }

  /** A copy of the counts: one row per class, one column per class plus {@code unknown} last. */
  public int[][] counts() {
    int[][] copy = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  public int total() {
    int n = 0;
    for (int[] row : counts) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  private int rowSum(int r) {
    int s = 0;
    for (int c : counts[r]) {
      s += c;
    }
    return s;
  }

  private int columnSum(int c) {
    int s = 0;
    for (int[] row : counts) {
      s += row[c];
    }
    return s;
  }

  private int correct() {
    int s = 0;
    for (int i = 0; i < classes.size(); i++) {
      s += counts[i][i];
    }
    return s;
  }

  public double precision(String c) {
    int i = classes.indexOf(c);
    int answered = i < 0 ? 0 : columnSum(i);
    return answered == 0 ? 0 : (double) counts[i][i] / answered;
  }

  public double recall(String c) {
    int i = classes.indexOf(c);
    int n = i < 0 ? 0 : rowSum(i);
    return n == 0 ? 0 : (double) counts[i][i] / n;
  }

  /** Classes that occur as true labels, sorted. */
  public List<String> trueClasses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < classes.size(); i++) {
      if (rowSum(i) > 0) {
        out.add(classes.get(i));
      }
    }
    return out;
  }

  public double macroPrecision() {
    return trueClasses().stream().mapToDouble(this::precision).average().orElse(0);
  }

  public double macroRecall() {
    return trueClasses().stream().mapToDouble(this::recall).average().orElse(0);
  }

  /** correct / answered; {@code unknown} answers are not counted as answers. */
  public double microPrecision() {
    int answered = total() - columnSum(classes.size());
    return answered == 0 ? 0 : (double) correct() / answered;
  }

  /** correct / all queries: the accuracy. */
  public double microRecall() {
    int n = total();
    return n == 0 ? 0 : (double) correct() / n;
  }
}
