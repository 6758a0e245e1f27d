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
    String boundary = "----arcmetric" + System.nanoTime();
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
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
  }
}
