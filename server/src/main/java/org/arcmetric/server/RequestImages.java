package org.arcmetric.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The images a request carries — multipart files (any field) or the raw body — checked by the
 * {@link ImageGate} from their headers before any pixel is decoded, with a 4xx naming what is wrong
 * (too large, too many, not multipart, no image). Thread-safe.
 */
final class RequestImages {
  private final ServerOptions options;
  private final ImageGate gate;

  RequestImages(ServerOptions options, ImageGate gate) {
    this.options = options;
    this.gate = gate;
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
              "a request may hold at most "
                  + ArcmetricServer.MAX_PARTS
                  + " files; send the images in batches");
        }
      }
      throw new ApiException(400, "bad_multipart", "the multipart body could not be read");
    }
  }

  /** One uploaded image: its bytes as sent and the decoded picture. */
  record Upload(byte[] bytes, BufferedImage image) {}

  /** The images of the request: multipart files (any field), or the raw body. */
  List<BufferedImage> images(Context ctx, boolean many) {
    return uploads(ctx, many).stream().map(Upload::image).toList();
  }

  List<Upload> uploads(Context ctx, boolean many) {
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
}
