package org.arcmetric.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.arcmetric.server.ServerOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code serve}'s option defaults, read from the server module's {@link ServerOptions} builder
 * (built with nothing but its required folders), so each default lives once and {@code --help}
 * shows it. Stateless.
 */
final class ServeDefaults implements CommandLine.IDefaultValueProvider {
  /** The server's defaults. */
  static final ServerOptions CORE =
      ServerOptions.builder().setModel(Path.of("model")).setGallery("gallery").build();

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o)) {
      return null;
    }
    return switch (o.longestName()) {
      case "--host" -> CORE.host();
      case "--port" -> Integer.toString(CORE.port());
      case "--max-body-bytes" -> Long.toString(CORE.maxBodyBytes());
      case "--max-image-side" -> Integer.toString(CORE.maxImageSide());
      case "--embedders" -> Integer.toString(CORE.embedders());
      case "--keep-uploads" -> CORE.uploads().name().toLowerCase(Locale.ROOT);
      case "--max-concurrent-uploads" -> Integer.toString(CORE.maxConcurrentUploads());
      case "--body-timeout" -> TrainDefaults.number(CORE.bodyTimeoutMillis() / 1000.0);
      case "--max-decoded-bytes" -> Long.toString(CORE.maxDecodedBytes());
      default -> null;
    };
  }
}
