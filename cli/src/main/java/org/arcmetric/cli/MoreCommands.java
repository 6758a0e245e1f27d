package org.arcmetric.cli;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Commands that another module adds to {@code arcmetric} (the bench module's benchmarks), found on
 * the class path through {@link ServiceLoader} ({@code
 * META-INF/services/org.arcmetric.cli.MoreCommands}), so that {@code cli} does not depend on them
 * nor on what they need (SolrCloud's client for {@code bench-solr}). Each call of {@link #commands}
 * gives new picocli command objects.
 */
public interface MoreCommands {
  /** New instances of the annotated picocli commands, in the order {@code --help} lists them. */
  List<Object> commands();

  /** Every provider's commands on the class path, providers in class-name order. */
  static List<Object> all() {
    return ServiceLoader.load(MoreCommands.class).stream()
        .sorted(Comparator.comparing(p -> p.type().getName()))
        .flatMap(p -> p.get().commands().stream())
        .toList();
  }
}
