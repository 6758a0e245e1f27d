package org.arcmetric.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.arcmetric.data.DecodeBudget;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.StorageFailure;
import org.arcmetric.gallery.UploadStore;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arcmetric HTTP service over one model and one gallery: the JSON API under {@code /api/v1},
 * {@code /health} and {@code /ready}. Writes (enrol, delete) need {@code Authorization: Bearer
 * TOKEN} when a token is set, and are refused when the service is read-only. Every error is JSON
 * {@code {"error": CODE, "message": TEXT}}. Searches run concurrently; gallery writes are
 * serialised by the gallery; embedding runs on a bounded {@link EmbedderPool}. Close to stop.
 */
public final class ArcmetricServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArcmetricServer.class);

  private final EmbeddingModel model;
  private final Gallery gallery;
  private final EmbedderPool embedders;
  private final Javalin app;

  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DrainHandler drain = new DrainHandler();

  /** Slowest body accepted, in bytes per second, besides the whole-body deadline. */
  static final long MIN_BODY_BYTES_PER_SECOND = 1024;

  /** Files one multipart request may hold (Jetty's form-key limit, set explicitly). */
  static final int MAX_PARTS = 1000;

  /** How long {@link #close} waits for requests in flight to finish. */
  static final long DRAIN_MILLIS = 30_000;

  /**
   * How long Jetty's own stop may take once drained: enough to close idle keep-alive connections
   * (Jetty gives them 1 s), so a stop takes at most about {@code DRAIN_MILLIS} plus this.
   */
  static final long JETTY_STOP_MILLIS = 5_000;

  private ArcmetricServer(ServerOptions options, EmbeddingModel model, Gallery gallery) {
    this.model = model;
    this.gallery = gallery;
    this.embedders = new EmbedderPool(model, options.embedders());
    ImageGate gate =
        new ImageGate(
            options.maxImageSide(),
            options.maxDecodedBytes(),
            new DecodeBudget(options.decodeBudgetBytes()),
            Math.max(model.inputShape().height(), model.inputShape().width()));
    // uploads are kept beside a local gallery only; a remote gallery's entries name "upload"
    UploadStore uploads =
        Galleries.isRemote(options.gallery())
            ? null
            : new UploadStore(Galleries.folder(options.gallery()));
    Timer embedTimer =
        Timer.builder("arcmetric_embedding")
            .description("Time of one forward pass of a request's images")
            .register(metrics);
    Gauge.builder("arcmetric_gallery_entries", gallery, Gallery::size)
        .description("Entries in the gallery's last commit")
        .register(metrics);
    Access access = new Access(options, gallery, metrics);
    ApiRoutes api =
        new ApiRoutes(
            options,
            model,
            gallery,
            embedders,
            embedTimer,
            uploads,
            access,
            new RequestImages(options, gate));
    Gauge.builder("arcmetric_http_in_flight", drain, DrainHandler::inFlight)
        .description("Requests admitted and not yet completely answered, this scrape included")
        .register(metrics);
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = options.host();
              config.jetty.port = options.port();
              config.jetty.modifyServletContextHandler(h -> h.setMaxFormKeys(MAX_PARTS));
              config.http.prefer405over404 = true;
              // Every request passes the drain handler first (it counts answers until their last
              // byte, see close()); then at most maxConcurrentUploads POSTs are let through at a
              // time, the others suspended without a thread (QoS) and refused with 503 after the
              // body deadline, so slow uploads cannot take the threads health and predict need;
              // the stop timeout lets Jetty close idle connections cleanly.
              config.jetty.modifyServer(
                  server -> {
                    QoSHandler qos = new QoSHandler();
                    qos.setMaxRequestCount(options.maxConcurrentUploads());
                    qos.setMaxSuspend(Duration.ofMillis(options.bodyTimeoutMillis()));
                    qos.setRejectStatusCode(503);
                    qos.includeMethod("POST");
                    // a POST's body is read whole, without a thread, before the request goes on:
                    // a slow upload then holds no thread and no upload slot while it trickles in
                    EagerContentHandler eager =
                        new EagerContentHandler(
                            new EagerContentHandler.RetainedContentLoaderFactory());
                    eager.includeMethod("POST");
                    eager.setHandler(qos);
                    drain.setHandler(eager);
                    server.setHandler(drain);
                    server.setErrorHandler(new JsonErrorHandler());
                    server.setStopTimeout(JETTY_STOP_MILLIS);
                  });
              config.jetty.modifyHttpConfiguration(
                  http -> http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND));
              config.http.maxRequestSize = options.maxBodyBytes();
              config.jetty.multipartConfig.maxFileSize(options.maxBodyBytes(), SizeUnit.BYTES);
              config.jetty.multipartConfig.maxTotalRequestSize(
                  options.maxBodyBytes(), SizeUnit.BYTES);
              config.startup.showJavalinBanner = false;
              config.staticFiles.add("/web", Location.CLASSPATH);
              config.routes.get("/openapi.yaml", ArcmetricServer::openApi);
              config.routes.get(
                  "/metrics",
                  ctx -> {
                    access.requireReader(
                        ctx); // with --token-for-reads, nothing is open but /health
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape());
                  });
              config.routes.before(access::admit);
              config.routes.after(access::record);
              config.routes.get("/health", ctx -> Answers.json(ctx, Map.of("status", "ok")));
              config.routes.get(
                  "/ready",
                  ctx -> Answers.json(ctx, Map.of("status", "ready", "entries", gallery.size())));
              config.routes.get("/api/v1/classes", api::classes);
              config.routes.get("/api/v1/classes/{label}", api::classEntries);
              config.routes.post("/api/v1/predict", api::predict);
              config.routes.post("/api/v1/predict/batch", api::predictBatch);
              config.routes.post("/api/v1/classes/{label}/images", api::enrol);
              config.routes.delete("/api/v1/classes/{label}", api::deleteClass);
              config.routes.delete("/api/v1/entries/{id}", api::deleteEntry);
              config.routes.get("/api/v1/entries/{id}/thumbnail", api::thumbnail);
              config.routes.exception(
                  ApiException.class,
                  (e, ctx) -> Answers.error(ctx, e.status(), e.code(), e.getMessage()));
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> Answers.httpError(ctx, e.getStatus(), options.maxBodyBytes()));
              config.routes.exception(Exception.class, Answers::failure);
            });
  }

  /**
   * Loads the model and the gallery (refusing a gallery made by another model) and starts
   * listening.
   */
  public static ArcmetricServer start(ServerOptions options) throws IOException {
    EmbeddingModel model = EmbeddingModel.load(options.model());
    Gallery gallery = null;
    try {
      // an empty folder: start on an empty gallery for this model, to be filled through the API;
      // a path that does not exist is more likely a typo, and is refused
      String where = options.gallery();
      gallery =
          Galleries.isRemote(where)
              ? Galleries.openOrCreate(where, model.fingerprint(), model.dimension(), Map.of())
              : isEmptyFolder(Galleries.folder(where))
                  ? Galleries.create(where, model.fingerprint(), model.dimension(), Map.of())
                  : Galleries.open(where);
      gallery.requireModel(model.fingerprint(), "model " + options.model());
      String me = "arcmetric serve, process " + ProcessHandle.current().pid();
      if (options.writable()) {
        // one writer for the server's whole life: command-line writers and a second writable
        // server are refused at once, naming this one, instead of writing under its feet
        try {
          gallery.lockForWriting(me);
        } catch (IOException e) {
          if (StorageFailure.of(e) != StorageFailure.READ_ONLY) {
            throw e;
          }
          throw new GalleryException(
              "gallery "
                  + where
                  + ": "
                  + StorageFailure.READ_ONLY.description()
                  + ", but this server was started to accept writes; start it without a token"
                  + " (and without --allow-unauthenticated-writes) to serve it read-only, or give"
                  + " it write access",
              e);
        }
      }
      ArcmetricServer s = new ArcmetricServer(options, model, gallery);
      s.app.start();
      if (options.writable()) {
        gallery.lockForWriting(me + ", at http://" + options.host() + ":" + s.port());
      }
      return s;
    } catch (IOException | RuntimeException e) {
      if (gallery != null) {
        gallery.close();
      }
      model.close();
      throw e;
    }
  }

  private static boolean isEmptyFolder(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var files = Files.list(p)) {
      return files.findAny().isEmpty();
    }
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return app.port();
  }

  private static void openApi(Context ctx) throws IOException {
    try (var in = ArcmetricServer.class.getResourceAsStream("/openapi.yaml")) {
      ctx.contentType("application/yaml").result(in.readAllBytes());
    }
  }

  /**
   * Blocks the calling thread until the JVM shuts down (SIGTERM, SIGINT), then drains and closes as
   * {@link #close} does before the process exits. For a {@code main} that only serves.
   *
   * @param onError told when closing fails (the process exits anyway)
   */
  public void awaitShutdown(Consumer<Exception> onError) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    close();
                  } catch (Exception e) {
                    onError.accept(e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "arcmetric-drain"));
    stopped.await();
  }

  /** Requests being answered now. */
  int inFlight() {
    return drain.inFlight();
  }

  /** Whether {@link #close} has begun (new requests are refused). */
  boolean draining() {
    return drain.draining();
  }

  /**
   * Drains, then stops: new requests get 503 while requests in flight finish (up to 30 s, counted
   * until the last byte of each answer is written), then the server stops listening (up to 5 s
   * more, for idle connections; an answer still unwritten by then is cut) and closes the gallery
   * and the model. A SIGTERM to {@code serve} runs this.
   */
  @Override
  public void close() throws IOException {
    // Two stages. First the port stays open, new requests get our JSON 503 'stopping', and we wait
    // until every admitted answer is written to its last byte. Only then Jetty stops: its graceful
    // stop cuts any connection without traffic for a second, which would cut an answer whose
    // handler had computed for longer than that and was just starting to write.
    if (!drain.drain(DRAIN_MILLIS)) {
      LOG.warn(
          "stopping with {} requests still unanswered after {} ms", drain.inFlight(), DRAIN_MILLIS);
    }
    try {
      app.stop();
    } finally {
      try {
        embedders.close();
        gallery.close();
      } finally {
        model.close();
      }
    }
  }
}
