package org.arcmetric.server;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every answer carries: no content-type sniffing, no framing (click-jacking), no
 * referrer, and a Content-Security-Policy that lets the page load only its own script, style,
 * images and API (plus the {@code blob:} preview of a picked file).
 */
final class SecurityHeaders {
  static final String CSP =
      "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  private SecurityHeaders() {}

  static void apply(HttpFields.Mutable h) {
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Content-Security-Policy", CSP);
  }

  static void apply(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", CSP);
  }
}
