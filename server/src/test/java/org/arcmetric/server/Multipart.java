package org.arcmetric.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A multipart/form-data request with one file field repeated, as a browser form sends it. */
final class Multipart {
  private Multipart() {}

  static HttpRequest.Builder request(String method, URI uri, String field, List<byte[]> files) {
    String boundary = boundary();
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", contentType(boundary))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body(boundary, field, files)));
  }

  static String boundary() {
    return "----arcmetric" + System.nanoTime();
  }

  static String contentType(String boundary) {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body: one part named {@code field} per file, then the closing boundary. */
  static byte[] body(String boundary, String field, List<byte[]> files) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < files.size(); i++) {
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + field
              + "\"; filename=\"img"
              + i
              + ".png\"\r\nContent-Type: application/octet-stream\r\n\r\n";
      body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(files.get(i));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }
}
