package org.arcmetric.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.arcmetric.gallery.StorageFailure;
import org.arcmetric.model.ModelFolder;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the service answers: JSON bodies, its errors as {@code {"error": CODE, "message": TEXT}}, and
 * what a failure becomes — a malformed body 400, a client that went away 408, a full disk 507, a
 * read-only one 503, anything else 500 with the stack trace in the log only. Stateless and
 * thread-safe.
 */
final class Answers {
  private static final Logger LOG = LoggerFactory.getLogger(ArcmetricServer.class);
  static final ObjectMapper JSON =
      ModelFolder.JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);

  private Answers() {}

  static void json(Context ctx, Object value) throws IOException {
    ctx.contentType("application/json").result(JSON.writeValueAsString(value));
  }

  static void error(Context ctx, int status, String code, String message) {
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
  static void httpError(Context ctx, int status, long maxBodyBytes) {
    switch (status) {
      case 404 ->
          error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
      case 405 -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed here");
      case 413 ->
          error(ctx, 413, "too_large", "the request is larger than " + maxBodyBytes + " bytes");
      default -> error(ctx, status, "http_" + status, "the request was refused");
    }
  }

  /**
   * Any other exception a route throws, as the answer it deserves (logged in one line or with its
   * trace).
   */
  static void failure(Exception e, Context ctx) {
    String malformed = malformedBody(e);
    if (malformed != null) {
      LOG.warn("malformed {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), malformed);
      error(ctx, 400, "bad_request", "the request body is malformed: " + malformed);
      return;
    }
    StorageFailure storage = StorageFailure.of(e);
    if (storage != null) {
      // the machine's failure, not the request's: one line, the last commit kept
      LOG.warn("{} {} not done: {}", ctx.method(), ctx.path(), storage.description());
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
      LOG.warn("dropped {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), dropped);
      error(ctx, 408, "request_timeout", "the request body did not arrive in time");
      return;
    }
    LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
    error(ctx, 500, "internal", "the server failed to answer; see its log");
  }

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

  /** Why {@code e} means the client stopped sending or left, or null when it is a real failure. */
  static String droppedClient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EofException
          || t instanceof TimeoutException
          || t instanceof EOFException
          || t instanceof ClosedChannelException) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
      }
      if (t instanceof BadMessageException b && b.getCode() == 408) {
        return "too slow (" + b.getReason() + ")";
      }
    }
    return null;
  }
}
