package org.arcmetric.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.arcmetric.options.Choices;
import org.arcmetric.server.ArcmetricServer;
import org.arcmetric.server.BearerToken;
import org.arcmetric.server.ServerOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arcmetric serve}: the HTTP API over a model and a gallery. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    defaultValueProvider = ServeDefaults.class,
    header = "Serve a model and its gallery over HTTP: a JSON API under /api/v1 and a page.",
    description = {
      "Serve the JSON API under /api/v1 (predict, predict/batch, classes, enrol, delete,",
      "thumbnails) and /health, /ready. Listens on 127.0.0.1 unless --host says otherwise.",
      "Enrol and delete need 'Authorization: Bearer TOKEN' with --token-file or",
      "ARCMETRIC_TOKEN; without a token the server is read-only unless",
      "--allow-unauthenticated-writes. Stops on SIGTERM or Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {
  static final String TOKEN_ENV = "ARCMETRIC_TOKEN";

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin EngineOptions engine;

  @Mixin ModelGalleryOptions folders;

  @Option(names = "--host", description = "Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", description = "Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token for writes (or set " + TOKEN_ENV + ").")
  Path tokenFile;

  @Option(
      names = "--allow-unauthenticated-writes",
      description = "Allow enrol and delete without a token (trusted networks only).")
  boolean allowUnauthenticated;

  @Option(names = "--max-body-bytes", description = "Largest request (default: ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(
      names = "--max-image-side",
      description = "Largest image width or height, checked before decoding (default: 4096).")
  int maxSide;

  @Option(
      names = "--embedders",
      description = "Concurrent forward passes (default: ${DEFAULT-VALUE}).")
  int embedders;

  @Option(
      names = "--allowed-hosts",
      split = ",",
      paramLabel = "NAME,...",
      description =
          "Host names the server answers to (default: localhost, 127.0.0.1, [::1] and --host);"
              + " other Host headers get 403, against DNS rebinding.")
  List<String> allowedHosts;

  @Option(
      names = "--token-for-reads",
      description = "Reads (predict, classes, thumbnails) need the token as writes do.")
  boolean tokenForReads;

  @Option(
      names = "--keep-uploads",
      paramLabel = "original|thumbnail|none",
      description =
          "What is kept of an enrolled upload, inside the gallery, so 'gallery rebuild' can"
              + " re-embed it (default: ${DEFAULT-VALUE}).")
  String keepUploads;

  @Option(
      names = "--max-concurrent-uploads",
      description =
          "Request bodies read at once; more wait, then get 503 (default: ${DEFAULT-VALUE}).")
  int maxUploads;

  @Option(
      names = "--body-timeout",
      paramLabel = "SECONDS",
      description =
          "How long a request waits for an upload slot before 503 (default: ${DEFAULT-VALUE}).")
  double bodyTimeout;

  @Option(
      names = "--max-decoded-bytes",
      description =
          "Largest decoded image (width × height × bands × bytes per sample), checked from the"
              + " header before decoding (default: ${DEFAULT-VALUE}, 64 MiB).")
  long maxDecoded;

  @Override
  public Integer call() throws Exception {
    String token = null;
    if (tokenFile != null) {
      token = BearerToken.read(tokenFile, spec.commandLine().getErr()::println);
    } else if (System.getenv(TOKEN_ENV) != null && !System.getenv(TOKEN_ENV).isBlank()) {
      token = System.getenv(TOKEN_ENV).strip();
    }
    ServerOptions options =
        ServerOptions.builder()
            .setModel(folders.model)
            .setGallery(folders.gallery)
            .optHost(host)
            .optPort(port)
            .optToken(token)
            .optAllowUnauthenticatedWrites(allowUnauthenticated)
            .optMaxBodyBytes(maxBody)
            .optMaxImageSide(maxSide)
            .optEmbedders(embedders)
            .optAllowedHosts(allowedHosts)
            .optTokenForReads(tokenForReads)
            .optUploads(Choices.parse(ServerOptions.UploadCopy.class, keepUploads, "keepUploads"))
            .optMaxConcurrentUploads(maxUploads)
            .optBodyTimeoutMillis(Math.round(bodyTimeout * 1000))
            .optMaxDecodedBytes(maxDecoded)
            .optDecodeBudgetBytes(Math.max(maxDecoded, 8 * maxDecoded))
            .build();
    ArcmetricServer server = ArcmetricServer.start(options);
    var out = spec.commandLine().getOut();
    out.printf(
        "listening on http://%s:%d/ (%s)%n",
        host,
        server.port(),
        token != null
            ? "enrol and delete need the bearer token"
            : allowUnauthenticated
                ? "WARNING: anyone who can connect may enrol and delete"
                : "read-only: no token given");
    out.flush();
    server.awaitShutdown(e -> System.err.println("stopping: " + e.getMessage()));
    return Main.OK;
  }
}
