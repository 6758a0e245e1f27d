package org.arcmetric.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors — a malformed URI ({@code %zz}, {@code %00}: 400), a URI too long (414),
 * headers too large (431), a request refused by the upload limit (503) — as the API's JSON body
 * {@code {"error": CODE, "message": TEXT}} with the security headers, never Jetty's HTML page.
 * Thread-safe (stateless).
 */
final class JsonErrorHandler extends ErrorHandler {
  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 503 -> "busy";
      default -> "http_" + status;
    };
  }

  static String message(int status, String reason) {
    return switch (status) {
      case 400 -> "the request could not be read" + (reason == null ? "" : ": " + reason);
      case 408 -> "the request body did not arrive in time";
      case 414 -> "the URL is too long";
      case 431 -> "the request headers are too large";
      case 503 -> "the server is busy with other uploads; try again shortly";
      default -> reason == null ? "the request was refused" : reason;
    };
  }

  static byte[] body(int status, String reason) {
    String m = message(status, reason).replace("\\", "\\\\").replace("\"", "\\\"");
    m = m.replaceAll("[\\x00-\\x1f]", " ");
    return ("{\"error\":\"" + code(status) + "\",\"message\":\"" + m + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb)
      throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.apply(response.getHeaders());
    response.write(true, ByteBuffer.wrap(body(code, message)), cb);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.apply(fields);
    return ByteBuffer.wrap(body(status, reason));
  }
}
