package org.arcmetric.server;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.arcmetric.gallery.Gallery;

/**
 * Who may do what, checked before each route: the Host header (DNS rebinding), the bearer token for
 * writes (and for reads with {@code --token-for-reads}), the same-origin rule for writes from a
 * browser, a read-only server's refusal of writes; and the per-route request timer. Thread-safe
 * (reads only its options; the gallery's refresh is thread-safe).
 */
final class Access {
  private final ServerOptions options;
  private final Gallery gallery;
  private final MeterRegistry metrics;

  Access(ServerOptions options, Gallery gallery, MeterRegistry metrics) {
    this.options = options;
    this.gallery = gallery;
    this.metrics = metrics;
  }

  /**
   * Before every route: the timer starts, the security headers are set, a read-only server moves to
   * the gallery's newest commit, and the Host is checked (DNS rebinding). A POST's body is already
   * in memory here (read by Jetty's EagerContentHandler).
   */
  void admit(Context ctx) throws IOException {
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
  boolean hasToken(Context ctx) {
    return BearerToken.matches(ctx.header("Authorization"), options.token());
  }

  /** With {@code --token-for-reads}, reads need the token too. */
  void requireReader(Context ctx) {
    if (options.tokenForReads() && !hasToken(ctx)) {
      throw new ApiException(
          401, "unauthorized", "this server needs Authorization: Bearer TOKEN for reads too");
    }
  }

  /** Counts and times every request by route (its template, not the raw path) and status. */
  void record(Context ctx) {
    Long start = ctx.attribute("start-nanos");
    if (start == null) {
      return;
    }
    Endpoint matched = ctx.endpoints().lastHttpEndpoint();
    String route = matched == null ? "unmatched" : matched.path;
    Timer.builder("arcmetric_http_requests")
        .description("HTTP requests by route, method and status")
        .tag("route", route)
        .tag("method", ctx.method().name())
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(metrics)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  void requireWriter(Context ctx) {
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
}
