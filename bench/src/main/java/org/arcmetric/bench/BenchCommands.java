package org.arcmetric.bench;

import java.util.List;
import org.arcmetric.cli.MoreCommands;

/** The bench module's commands, added to {@code arcmetric} at run time. */
public final class BenchCommands implements MoreCommands {
  @Override
  public List<Object> commands() {
    return List.of(
        new CompareLossesCommand(),
        new MakeShapesCommand(),
        new BenchCommand(),
        new BenchGalleryCommand(),
        new BenchSolrCommand(),
        new BenchServerCommand());
  }
}
