package org.arcmetric.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.ClassifierChoice;
import org.arcmetric.classify.Prediction;
import org.arcmetric.data.DecodeBudget;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.EntryRef;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.StorageFailure;
import org.arcmetric.gallery.UploadStore;
import org.arcmetric.model.ModelFolder;
import org.eclipse.jetty.http.HttpException;
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
  private static final ObjectMapper JSON =
      ModelFolder.JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);

  private final ServerOptions options;
  private final EmbeddingModel model;
  private final Gallery gallery;
  private final EmbedderPool embedders;
  private final ImageGate gate;
  private final Javalin app;

  /** Held while uploads are stored and committed, and while entries are removed. */
  private final Object uploadLock = new Object();

  private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics =
      new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
          io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
  private final io.micrometer.core.instrument.Timer embedTimer;
  private final DrainHandler drain = new DrainHandler();
  private final UploadStore uploads;

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
    this.options = options;
    this.model = model;
    this.gallery = gallery;
    this.embedders = new EmbedderPool(model, options.embedders());
    this.gate =
        new ImageGate(
            options.maxImageSide(),
            options.maxDecodedBytes(),
            new DecodeBudget(options.decodeBudgetBytes()),
            Math.max(model.inputShape().height(), model.inputShape().width()));
    // uploads are kept beside a local gallery only; a remote gallery's entries name "upload"
    this.uploads =
        Galleries.isRemote(options.gallery())
            ? null
            : new UploadStore(Galleries.folder(options.gallery()));
    this.embedTimer =
        io.micrometer.core.instrument.Timer.builder("arcmetric_embedding")
            .description("Time of one forward pass of a request's images")
            .register(metrics);
    io.micrometer.core.instrument.Gauge.builder("arcmetric_gallery_entries", gallery, Gallery::size)
        .description("Entries in the gallery's last commit")
        .register(metrics);
    io.micrometer.core.instrument.Gauge.builder(
            "arcmetric_http_in_flight", drain, DrainHandler::inFlight)
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
                    org.eclipse.jetty.server.handler.QoSHandler qos =
                        new org.eclipse.jetty.server.handler.QoSHandler();
                    qos.setMaxRequestCount(options.maxConcurrentUploads());
                    qos.setMaxSuspend(Duration.ofMillis(options.bodyTimeoutMillis()));
                    qos.setRejectStatusCode(503);
                    qos.includeMethod("POST");
                    // a POST's body is read whole, without a thread, before the request goes on:
                    // a slow upload then holds no thread and no upload slot while it trickles in
                    org.eclipse.jetty.server.handler.EagerContentHandler eager =
                        new org.eclipse.jetty.server.handler.EagerContentHandler(
                            new org.eclipse.jetty.server.handler.EagerContentHandler
                                .RetainedContentLoaderFactory());
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
              config.staticFiles.add("/web", io.javalin.http.staticfiles.Location.CLASSPATH);
              config.routes.get("/openapi.yaml", ArcmetricServer::openApi);
              config.routes.get(
                  "/metrics",
                  ctx -> {
                    requireReader(ctx); // with --token-for-reads, nothing is open but /health
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape());
                  });
              config.routes.before(this::admit);
              config.routes.after(this::record);
              config.routes.get("/health", ctx -> json(ctx, Map.of("status", "ok")));
              config.routes.get(
                  "/ready", ctx -> json(ctx, Map.of("status", "ready", "entries", gallery.size())));
              config.routes.get("/api/v1/classes", this::classes);
              config.routes.get("/api/v1/classes/{label}", this::classEntries);
              config.routes.post("/api/v1/predict", this::predict);
              config.routes.post("/api/v1/predict/batch", this::predictBatch);
              config.routes.post("/api/v1/classes/{label}/images", this::enrol);
              config.routes.delete("/api/v1/classes/{label}", this::deleteClass);
              config.routes.delete("/api/v1/entries/{id}", this::deleteEntry);
              config.routes.get("/api/v1/entries/{id}/thumbnail", this::thumbnail);
              config.routes.exception(
                  ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
              config.routes.exception(
                  HttpResponseException.class, (e, ctx) -> httpError(ctx, e.getStatus()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    String malformed = malformedBody(e);
                    if (malformed != null) {
                      LOG.warn(
                          "malformed {} {} from {}: {}",
                          ctx.method(),
                          ctx.path(),
                          ctx.ip(),
                          malformed);
                      error(ctx, 400, "bad_request", "the request body is malformed: " + malformed);
                      return;
                    }
                    StorageFailure storage = StorageFailure.of(e);
                    if (storage != null) {
                      // the machine's failure, not the request's: one line, the last commit kept
                      LOG.warn(
                          "{} {} not done: {}", ctx.method(), ctx.path(), storage.description());
                      boolean full = storage == StorageFailure.FULL;
                      error(
                          ctx,
                          full ? 507 : 503,
                          full ? "insufficient_storage" : "storage_read_only",
                          storage.description()
                              + "; nothing of this request was written and the gallery is as it"
                              + " was before it"
                              + (full ? ": free space on the disk and send it again" : ""));
                      return;
                    }
                    String dropped = droppedClient(e);
                    if (dropped != null) {
                      // a client that stopped sending or went away: one line, no stack trace
                      LOG.warn(
                          "dropped {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), dropped);
                      error(ctx, 408, "request_timeout", "the request body did not arrive in time");
                      return;
                    }
                    LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal", "the server failed to answer; see its log");
                  });
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

  private static void json(Context ctx, Object value) throws IOException {
    ctx.contentType("application/json").result(JSON.writeValueAsString(value));
  }

  private static void error(Context ctx, int status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (IOException e) {
      ctx.status(status).result("{\"error\":\"" + code + "\"}");
    }
  }

  /** Javalin's own 4xx (no route, body too large...) as our JSON error. */
  private void httpError(Context ctx, int status) {
    switch (status) {
      case 404 ->
          error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
      case 405 -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed here");
      case 413 ->
          error(
              ctx,
              413,
              "too_large",
              "the request is larger than " + options.maxBodyBytes() + " bytes");
      default -> error(ctx, status, "http_" + status, "the request was refused");
    }
  }

  /**
   * Before every route: the timer starts, the security headers are set, a read-only server moves to
   * the gallery's newest commit, and the Host is checked (DNS rebinding). A POST's body is already
   * in memory here (read by Jetty's EagerContentHandler).
   */
  private void admit(Context ctx) throws IOException {
    ctx.attribute("start-nanos", System.nanoTime());
    SecurityHeaders.apply(ctx);
    if (!options.writable() && readsGallery(ctx.path())) {
      // a read-only server answers from the newest commit: command-line writers may change the
      // gallery while it runs (a writable server holds the lock, so nothing else can); the page,
      // its assets, /health and /metrics do not read it and pay nothing
      gallery.refresh();
    }
    String host = hostName(ctx.header("Host"));
    if (host != null && options.allowedHosts().stream().noneMatch(host::equalsIgnoreCase)) {
      throw new ApiException(
          403,
          "host_not_allowed",
          "this server answers to the host names "
              + options.allowedHosts()
              + "; start it with --allowed-hosts to add '"
              + host
              + "'");
    }
  }

  /** Whether a request to {@code path} answers from the gallery (the API and /ready). */
  static boolean readsGallery(String path) {
    return path.startsWith("/api/") || path.equals("/ready");
  }

  /** The host name of a {@code Host} header, without the port; null for none. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** Why {@code e} means the client stopped sending or left, or null when it is a real failure. */
  /**
   * The reason when {@code e} says the client sent a body that breaks HTTP/1.1 framing (a chunk
   * size that is not hexadecimal, a missing CRLF) or ended it before its length: Jetty's 400, which
   * must not read as a timeout (a client that hung up reads neither).
   */
  static String malformedBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Jetty's parser reports a bad chunk as an early end of the body, with code 400
      if (t instanceof HttpException h && h.getCode() == 400) {
        return h.getReason() == null ? "bad framing" : h.getReason();
      }
    }
    return null;
  }

  static String droppedClient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.io.EofException
          || t instanceof TimeoutException
          || t instanceof EOFException
          || t instanceof ClosedChannelException) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
      }
      if (t instanceof org.eclipse.jetty.http.BadMessageException b && b.getCode() == 408) {
        return "too slow (" + b.getReason() + ")";
      }
    }
    return null;
  }

  /**
   * Refuses a write sent from another site: a browser names the page's origin in {@code Origin} (or
   * at least {@code Referer}); it must be this server as the client addressed it ({@code Host}).
   * Scripts and curl send neither and pass.
   */
  private static void requireSameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    String from = origin != null ? origin : ctx.header("Referer");
    if (from == null) {
      return;
    }
    String self = ctx.header("Host");
    String authority = null;
    try {
      URI u = URI.create(from.trim());
      if ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) {
        authority = u.getRawAuthority();
      }
    } catch (IllegalArgumentException e) {
      authority = null;
    }
    if (authority == null || self == null || !authority.equalsIgnoreCase(self.trim())) {
      throw new ApiException(
          403,
          "cross_site",
          "writes are accepted only from this server's own page, not from "
              + (origin != null ? "Origin " : "Referer ")
              + from);
    }
  }

  /** Whether the request carries the server's token. */
  private boolean hasToken(Context ctx) {
    return BearerToken.matches(ctx.header("Authorization"), options.token());
  }

  /** With {@code --token-for-reads}, reads need the token too. */
  private void requireReader(Context ctx) {
    if (options.tokenForReads() && !hasToken(ctx)) {
      throw new ApiException(
          401, "unauthorized", "this server needs Authorization: Bearer TOKEN for reads too");
    }
  }

  /** Counts and times every request by route (its template, not the raw path) and status. */
  private void record(Context ctx) {
    Long start = ctx.attribute("start-nanos");
    if (start == null) {
      return;
    }
    io.javalin.router.Endpoint matched = ctx.endpoints().lastHttpEndpoint();
    String route = matched == null ? "unmatched" : matched.path;
    io.micrometer.core.instrument.Timer.builder("arcmetric_http_requests")
        .description("HTTP requests by route, method and status")
        .tag("route", route)
        .tag("method", ctx.method().name())
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(metrics)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  private static void openApi(Context ctx) throws IOException {
    try (var in = ArcmetricServer.class.getResourceAsStream("/openapi.yaml")) {
      ctx.contentType("application/yaml").result(in.readAllBytes());
    }
  }

  private void requireWriter(Context ctx) {
    requireSameOrigin(ctx);
    if (!options.writable()) {
      throw new ApiException(
          403,
          "read_only",
          "this server is read-only: start it with a token (--token-file) to allow enrolment");
    }
    if (options.token() != null && !hasToken(ctx)) {
      throw new ApiException(401, "unauthorized", "writes need Authorization: Bearer TOKEN");
    }
  }

  private void classes(Context ctx) throws IOException {
    requireReader(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    gallery.labelCounts().forEach((l, c) -> out.add(Map.of("label", l, "count", c)));
    json(ctx, Map.of("entries", gallery.size(), "classes", out));
  }

  private void classEntries(Context ctx) throws IOException {
    requireReader(ctx);
    boolean showSources = hasToken(ctx); // paths of the server's disk: token holders only
    String label = ctx.pathParam("label");
    List<Map<String, Object>> entries = new ArrayList<>();
    for (EntryRef ref : gallery.entries(label)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", ref.id());
      if (showSources) {
        e.put("source", ref.source());
      }
      entries.add(e);
    }
    if (entries.isEmpty()) {
      throw new ApiException(404, "no_such_class", "the gallery has no class '" + label + "'");
    }
    json(ctx, Map.of("label", label, "entries", entries));
  }

  /**
   * The multipart files, or a 4xx saying why the body cannot be read: Jetty reports too many parts
   * and a malformed body alike as an exception from deep in its parser.
   */
  private List<UploadedFile> uploadedFiles(Context ctx) {
    try {
      return ctx.uploadedFiles();
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("exceed")
            || m.contains("too large")
            || m.contains("max request size")
            || m.contains("max file size")) {
          throw new ApiException(
              413, "too_large", "the request is larger than " + options.maxBodyBytes() + " bytes");
        }
        if (t.getMessage() != null && t.getMessage().contains("too many keys")) {
          throw new ApiException(
              413,
              "too_many_images",
              "a request may hold at most " + MAX_PARTS + " files; send the images in batches");
        }
      }
      throw new ApiException(400, "bad_multipart", "the multipart body could not be read");
    }
  }

  /** The images of the request: multipart files (any field), or the raw body. */
  /** One uploaded image: its bytes as sent and the decoded picture. */
  private record Upload(byte[] bytes, BufferedImage image) {}

  private List<BufferedImage> images(Context ctx, boolean many) {
    return uploads(ctx, many).stream().map(Upload::image).toList();
  }

  private List<Upload> uploads(Context ctx, boolean many) {
    List<byte[]> bodies = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/")) {
      List<UploadedFile> files = uploadedFiles(ctx);
      if (files.isEmpty()) {
        throw new ApiException(400, "no_image", "send the image as a multipart file field 'image'");
      }
      if (!many && files.size() > 1) {
        throw new ApiException(
            400, "too_many_images", "send one image, or use /api/v1/predict/batch");
      }
      for (UploadedFile f : files) {
        byte[] bytes =
            f.contentAndClose(
                in -> {
                  try {
                    return in.readAllBytes();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        bodies.add(bytes);
        names.add("image '" + safeName(f.filename()) + "'");
      }
    } else {
      bodies.add(ctx.bodyAsBytes());
      names.add("the request body");
    }
    ImageGate.requireDecodable(bodies); // from the headers, before any pixel is decoded
    List<Upload> out = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      out.add(new Upload(bodies.get(i), gate.admit(bodies.get(i), names.get(i))));
    }
    return out;
  }

  private static String safeName(String name) {
    if (name == null) {
      return "upload";
    }
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    return base.replaceAll("[^\\p{L}\\p{N}_.\\-]", "_");
  }

  private float[][] embed(List<BufferedImage> images) throws InterruptedException {
    List<byte[]> pixels = new ArrayList<>();
    for (BufferedImage img : images) {
      pixels.add(ImageDecoder.toPixels(img, model.inputShape()));
    }
    long t0 = System.nanoTime();
    try {
      return embedders.embed(pixels);
    } finally {
      embedTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
  }

  private ClassifierChoice classifier(Context ctx) throws IOException {
    String mode = ctx.queryParam("mode");
    String kText = ctx.queryParam("k");
    String tText = ctx.queryParam("threshold");
    String priorText = ctx.queryParam("knn_prior");
    Classifier.Mode m;
    try {
      m = mode == null ? ClassifierChoice.Rule.DEFAULT.mode() : Classifier.Mode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_mode", "mode is centroid or knn");
    }
    int k = ClassifierChoice.Rule.DEFAULT.k();
    if (kText != null) {
      try {
        k = Integer.parseInt(kText.trim());
      } catch (NumberFormatException e) {
        k = 0;
      }
      if (k < 1 || k > 100) {
        throw new ApiException(400, "bad_k", "k is a whole number from 1 to 100");
      }
    }
    float threshold = ClassifierChoice.Rule.DEFAULT.threshold();
    if (tText != null) {
      try {
        threshold = Float.parseFloat(tText.trim());
      } catch (NumberFormatException e) {
        threshold = Float.NaN;
      }
      if (!(threshold >= -1 && threshold <= 1)) {
        throw new ApiException(
            400, "bad_threshold", "threshold is a cosine similarity from -1 to 1");
      }
    }
    ClassPrior prior = ClassPrior.DEFAULT;
    if (priorText != null) {
      try {
        prior = ClassPrior.parse(priorText);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "bad_knn_prior", "knn_prior is uniform or gallery");
      }
    }
    // a request that names a mode, k, threshold or prior asks for that rule; otherwise a fresh
    // calibration answers
    return ClassifierChoice.choose(
        gallery,
        gallery.calibration(),
        gallery.calibrationStaleness(),
        mode == null && kText == null && tText == null && priorText == null,
        new ClassifierChoice.Rule(m, k, threshold, prior));
  }

  private int topK(Context ctx) {
    String s = ctx.queryParam("top_k");
    if (s == null) {
      return 5;
    }
    try {
      int k = Integer.parseInt(s);
      if (k >= 0 && k <= 100) {
        return k;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new ApiException(400, "bad_top_k", "top_k is a whole number from 0 to 100");
  }

  /** One answer as the API writes it, with {@code decided_by}: the rule that answered. */
  private static Map<String, Object> prediction(Prediction p, ClassifierChoice choice) {
    Map<String, Object> m = p.toMap(choice.calibration(), false);
    m.put("decided_by", choice.answering().toMap());
    return m;
  }

  private void predict(Context ctx) throws Exception {
    requireReader(ctx);
    if (gallery.size() == 0) {
      throw new ApiException(409, "empty_gallery", "the gallery is empty: enrol images first");
    }
    int k = topK(ctx);
    ClassifierChoice c = classifier(ctx);
    float[][] v = embed(images(ctx, false));
    json(ctx, prediction(c.classifier().classify(v[0], k), c));
  }

  private void predictBatch(Context ctx) throws Exception {
    requireReader(ctx);
    if (gallery.size() == 0) {
      throw new ApiException(409, "empty_gallery", "the gallery is empty: enrol images first");
    }
    int k = topK(ctx);
    ClassifierChoice c = classifier(ctx);
    float[][] v = embed(images(ctx, true));
    List<Map<String, Object>> out = new ArrayList<>();
    for (float[] q : v) {
      out.add(prediction(c.classifier().classify(q, k), c));
    }
    json(ctx, Map.of("predictions", out));
  }

  private void enrol(Context ctx) throws Exception {
    requireWriter(ctx);
    String label = Labels.validate(ctx.pathParam("label"));
    Labels.requireDistinct(label, gallery.labelCounts().keySet());
    List<Upload> ups = uploads(ctx, true);
    float[][] v = embed(ups.stream().map(Upload::image).toList());
    List<String> ids;
    // stored uploads and removals in turn: a removal deletes the files its entries leave
    // unreferenced, which must not be bytes an enrolment has just stored and not yet committed
    synchronized (uploadLock) {
      ids = store(label, ups, v);
    }
    ctx.status(201);
    json(ctx, Map.of("label", label, "ids", ids, "entries", gallery.size()));
  }

  private List<String> store(String label, List<Upload> ups, float[][] v) throws IOException {
    List<GalleryEntry> entries = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      byte[] thumb = GalleryEntry.thumbnail(ups.get(i).image());
      // kept inside the gallery under its hash, so 'gallery rebuild' can re-embed it
      String source =
          uploads == null
              ? "upload"
              : switch (options.uploads()) {
                case ORIGINAL -> uploads.put(ups.get(i).bytes());
                case THUMBNAIL -> uploads.put(thumb);
                case NONE -> "upload";
              };
      entries.add(new GalleryEntry(label, source, v[i], thumb));
    }
    return gallery.add(entries); // returns after the commit is on disk
  }

  private void deleteClass(Context ctx) throws Exception {
    requireWriter(ctx);
    String label = ctx.pathParam("label");
    int n;
    synchronized (uploadLock) {
      n = gallery.removeLabel(label);
    }
    if (n == 0) {
      throw new ApiException(404, "no_such_class", "the gallery has no class '" + label + "'");
    }
    json(ctx, Map.of("removed", n, "entries", gallery.size()));
  }

  private void deleteEntry(Context ctx) throws Exception {
    requireWriter(ctx);
    int n;
    synchronized (uploadLock) {
      n = gallery.removeIds(List.of(ctx.pathParam("id")));
    }
    if (n == 0) {
      throw new ApiException(404, "no_such_entry", "the gallery has no entry with that id");
    }
    json(ctx, Map.of("removed", n, "entries", gallery.size()));
  }

  private void thumbnail(Context ctx) throws IOException {
    requireReader(ctx);
    byte[] png = gallery.thumbnail(ctx.pathParam("id"));
    if (png == null) {
      throw new ApiException(404, "no_thumbnail", "no thumbnail is stored for that id");
    }
    ctx.contentType("image/png").result(png);
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
