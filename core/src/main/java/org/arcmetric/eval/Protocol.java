package org.arcmetric.eval;

import java.util.ArrayList;
import java.util.List;
import org.arcmetric.options.Choices;
import org.arcmetric.options.InvalidOptionException;

/**
 * The evaluation protocols: which part of the gallery and which queries are scored, given the
 * model's training classes. Each checks its preconditions and returns one {@link Result}.
 *
 * <ul>
 *   <li>{@link #NONE}: the gallery as it is against every query.
 *   <li>{@link #CLOSED}: only the training classes, in the gallery and in the queries.
 *   <li>{@link #NEW_CLASSES}: the training classes' entries plus a few shots of each class the
 *       model never saw, drawn from the gallery several times ({@link FewShotProtocol}).
 *   <li>{@link #OPEN_SET}: the training classes in the gallery; the other classes' queries should
 *       be answered unknown ({@link OpenSetMetrics}).
 * </ul>
 *
 * Stateless; usable from Java without the CLI.
 */
public enum Protocol {
  NONE("none"),
  CLOSED("closed"),
  NEW_CLASSES("new-classes"),
  OPEN_SET("open-set");

  private final String cliName;

  Protocol(String cliName) {
    this.cliName = cliName;
  }

  /** The protocol's name as users type it and as JSON reports it. */
  public String cliName() {
    return cliName;
  }

  /** The protocol named {@code s}; null or blank is {@link #NONE}. */
  public static Protocol parse(String s) {
    if (s == null || s.isBlank()) {
      return NONE;
    }
    return Choices.parse(Protocol.class, s, Protocol::cliName, "protocol");
  }

  /** The few-shot draws of {@link #NEW_CLASSES}: shot counts, draws per count, seed. */
  public record Draws(int[] shots, int repeats, long seed) {}

  /**
   * One protocol's outcome: the metric suite ({@link #NONE}, {@link #CLOSED}, {@link #OPEN_SET}),
   * or the few-shot rows with the classes they are about ({@link #NEW_CLASSES}).
   *
   * @param suite every metric, or null for {@link #NEW_CLASSES}
   * @param trainedClasses {@link #NEW_CLASSES}: the model's training classes
   * @param newClasses {@link #NEW_CLASSES}: the query classes the model never saw
   * @param fewShot {@link #NEW_CLASSES}: mean ± sd per shot count
   */
  public record Result(
      Protocol protocol,
      MetricSuite.Result suite,
      List<String> trainedClasses,
      List<String> newClasses,
      List<FewShotProtocol.Row> fewShot) {}

  /**
   * The queries this protocol scores, of {@code all}: the training classes' for {@link #CLOSED}.
   */
  public EmbeddedSet queries(EmbeddedSet all, List<String> trained) {
    return this == CLOSED ? all.filter(trained, true) : all;
  }

  /**
   * The gallery entries this protocol searches, of {@code all}: the training classes' for {@link
   * #CLOSED} and {@link #OPEN_SET}; every entry otherwise ({@link #NEW_CLASSES} draws from them).
   */
  public EmbeddedSet reference(EmbeddedSet all, List<String> trained) {
    return this == CLOSED || this == OPEN_SET ? all.filter(trained, true) : all;
  }

  /**
   * Runs the protocol.
   *
   * @param reference the gallery's entries (all classes)
   * @param queries the labelled queries (all classes)
   * @param trained the model's training classes
   * @param draws {@link #NEW_CLASSES} only
   * @throws InvalidOptionException when the gallery or queries cannot serve the protocol (the
   *     message says what is missing)
   */
  public Result run(
      EmbeddedSet reference,
      EmbeddedSet queries,
      List<String> trained,
      MetricSuite.Options options,
      Draws draws) {
    switch (this) {
      case NEW_CLASSES -> {
        List<String> fresh = new ArrayList<>(queries.classes());
        fresh.removeAll(trained);
        EmbeddedSet base = reference.filter(trained, true);
        EmbeddedSet pool = reference.filter(fresh, true);
        if (!fresh.isEmpty() && pool.size() == 0) {
          throw new InvalidOptionException(
              "the new-classes protocol draws its shots from the gallery, which has no images of "
                  + fresh
                  + "; give {galleryData} with images of those classes");
        }
        List<FewShotProtocol.Row> rows =
            FewShotProtocol.run(
                base,
                pool,
                queries,
                fresh,
                draws.shots(),
                draws.repeats(),
                options.mode(),
                options.k(),
                options.prior(),
                draws.seed());
        return new Result(this, null, List.copyOf(trained), List.copyOf(fresh), rows);
      }
      case CLOSED, OPEN_SET -> {
        EmbeddedSet ref = reference(reference, trained);
        EmbeddedSet q = queries(queries, trained);
        if (ref.size() == 0 || q.filter(trained, true).size() == 0) {
          throw new InvalidOptionException(
              "the "
                  + cliName
                  + " protocol needs gallery images and queries of the model's training classes "
                  + trained);
        }
        if (this == OPEN_SET && q.filter(trained, false).size() == 0) {
          throw new InvalidOptionException(
              "the open-set protocol needs queries of classes the model was not trained on;"
                  + " the queries hold only "
                  + q.classes());
        }
        return new Result(this, MetricSuite.run(ref, q, options), null, null, null);
      }
      default -> {
        return new Result(this, MetricSuite.run(reference, queries, options), null, null, null);
      }
    }
  }
}
