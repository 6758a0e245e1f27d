package org.arcmetric.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads one HTTP/1.1 answer off a raw socket, for tests that need a client they control. */
final class Http1 {
  private Http1() {}

  /**
   * The status line and headers as sent, an empty line, then the body (de-chunked, or as long as
   * Content-Length says, or up to the end of the connection when neither is given).
   *
   * @throws EOFException when the connection ends before a chunked or sized body does
   */
  static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    boolean chunked = false;
    long length = -1;
    for (String line; !(line = line(in)).isEmpty(); ) {
      head.append(line).append("\r\n");
      String lower = line.toLowerCase(Locale.ROOT);
      chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size; (size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
        body.writeBytes(exactly(in, size));
        if (!line(in).isEmpty()) {
          throw new IOException("malformed chunk");
        }
      }
    } else if (length >= 0) {
      body.writeBytes(exactly(in, (int) length));
    } else {
      in.transferTo(body);
    }
    return head + "\r\n" + body.toString(StandardCharsets.UTF_8);
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("the connection ended mid-answer");
    }
    return b;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new EOFException("the connection ended mid-answer");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }
}
