package org.arcmetric.server;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.ClassifierChoice;
import org.arcmetric.classify.Prediction;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.ClassPrior;
import org.arcmetric.gallery.EntryRef;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.UploadStore;
import org.arcmetric.options.InvalidOptionException;

/**
 * The JSON API under {@code /api/v1}: list classes and their entries, predict one image or a batch,
 * enrol images into a class, delete a class or an entry, a stored thumbnail. Each route checks
 * access first ({@link Access}). Searches run concurrently; enrolments and removals take {@code
 * uploadLock} so that a removal never deletes stored uploads an enrolment has not yet committed;
 * embedding runs on the bounded {@link EmbedderPool}. Thread-safe.
 */
final class ApiRoutes {
  private final ServerOptions options;
  private final EmbeddingModel model;
  private final Gallery gallery;
  private final EmbedderPool embedders;
  private final Timer embedTimer;
  private final UploadStore uploads;
  private final Access access;
  private final RequestImages images;

  /** Held while uploads are stored and committed, and while entries are removed. */
  private final Object uploadLock = new Object();

  /**
   * @param uploads where uploaded originals are kept beside a local gallery, or null (remote)
   */
  ApiRoutes(
      ServerOptions options,
      EmbeddingModel model,
      Gallery gallery,
      EmbedderPool embedders,
      Timer embedTimer,
      UploadStore uploads,
      Access access,
      RequestImages images) {
    this.options = options;
    this.model = model;
    this.gallery = gallery;
    this.embedders = embedders;
    this.embedTimer = embedTimer;
    this.uploads = uploads;
    this.access = access;
    this.images = images;
  }

  void classes(Context ctx) throws IOException {
    access.requireReader(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    gallery.labelCounts().forEach((l, c) -> out.add(Map.of("label", l, "count", c)));
    Answers.json(ctx, Map.of("entries", gallery.size(), "classes", out));
  }

  void classEntries(Context ctx) throws IOException {
    access.requireReader(ctx);
    boolean showSources = access.hasToken(ctx); // paths of the server's disk: token holders only
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
    Answers.json(ctx, Map.of("label", label, "entries", entries));
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

  /** The core's option names as this API's query parameters. */
  private static String param(String field) {
    return field.equals("knnPrior") ? "knn_prior" : field;
  }

  /** A 400 with {@code code} and the core's own message, its fields named as query parameters. */
  private static ApiException bad(String code, IllegalArgumentException e) {
    return new ApiException(
        400,
        code,
        e instanceof InvalidOptionException o ? o.render(ApiRoutes::param) : e.getMessage());
  }

  /** Most neighbours a request may ask to vote (the core takes any k of at least 1). */
  static final int MAX_K = 100;

  /**
   * The rule a request asks for ({@code mode}, {@code k}, {@code threshold}, {@code knn_prior}),
   * checked by the core's {@link ClassifierChoice.Rule} and parsers so the answers name the same
   * limits as the command line; or a fresh stored calibration when the request names none.
   */
  private ClassifierChoice classifier(Context ctx) throws IOException {
    String mode = ctx.queryParam("mode");
    String kText = ctx.queryParam("k");
    String tText = ctx.queryParam("threshold");
    String priorText = ctx.queryParam("knn_prior");
    ClassifierChoice.Rule d = ClassifierChoice.Rule.DEFAULT;
    Classifier.Mode m = d.mode();
    int k = d.k();
    float threshold = d.threshold();
    ClassPrior prior = d.prior();
    try {
      m = mode == null ? m : Classifier.Mode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw bad("bad_mode", e);
    }
    try {
      prior = priorText == null ? prior : ClassPrior.parse(priorText);
    } catch (IllegalArgumentException e) {
      throw bad("bad_knn_prior", e);
    }
    if (kText != null) {
      try {
        k = Integer.parseInt(kText.trim());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "bad_k", "k must be a whole number, got '" + kText + "'");
      }
      if (k > MAX_K) {
        throw new ApiException(400, "bad_k", "k must be at most " + MAX_K + ", got " + k);
      }
    }
    if (tText != null) {
      try {
        threshold = Float.parseFloat(tText.trim());
      } catch (NumberFormatException e) {
        threshold = Float.NaN;
      }
    }
    ClassifierChoice.Rule rule;
    try {
      rule = new ClassifierChoice.Rule(m, k, threshold, prior);
    } catch (InvalidOptionException e) {
      throw bad(e.template().contains("{k}") ? "bad_k" : "bad_threshold", e);
    }
    // a request that names a mode, k, threshold or prior asks for that rule; otherwise a fresh
    // calibration answers
    return ClassifierChoice.choose(
        gallery,
        gallery.calibration(),
        gallery.calibrationStaleness(),
        mode == null && kText == null && tText == null && priorText == null,
        rule);
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

  void predict(Context ctx) throws Exception {
    access.requireReader(ctx);
    if (gallery.size() == 0) {
      throw new ApiException(409, "empty_gallery", "the gallery is empty: enrol images first");
    }
    int k = topK(ctx);
    ClassifierChoice c = classifier(ctx);
    float[][] v = embed(images.images(ctx, false));
    Answers.json(ctx, prediction(c.classifier().classify(v[0], k), c));
  }

  void predictBatch(Context ctx) throws Exception {
    access.requireReader(ctx);
    if (gallery.size() == 0) {
      throw new ApiException(409, "empty_gallery", "the gallery is empty: enrol images first");
    }
    int k = topK(ctx);
    ClassifierChoice c = classifier(ctx);
    float[][] v = embed(images.images(ctx, true));
    List<Map<String, Object>> out = new ArrayList<>();
    for (float[] q : v) {
      out.add(prediction(c.classifier().classify(q, k), c));
    }
    Answers.json(ctx, Map.of("predictions", out));
  }

  void enrol(Context ctx) throws Exception {
    access.requireWriter(ctx);
    String label = Labels.validate(ctx.pathParam("label"));
    Labels.requireDistinct(label, gallery.labelCounts().keySet());
    List<RequestImages.Upload> ups = images.uploads(ctx, true);
    float[][] v = embed(ups.stream().map(RequestImages.Upload::image).toList());
    List<String> ids;
    // stored uploads and removals in turn: a removal deletes the files its entries leave
    // unreferenced, which must not be bytes an enrolment has just stored and not yet committed
    synchronized (uploadLock) {
      ids = store(label, ups, v);
    }
    ctx.status(201);
    Answers.json(ctx, Map.of("label", label, "ids", ids, "entries", gallery.size()));
  }

  private List<String> store(String label, List<RequestImages.Upload> ups, float[][] v)
      throws IOException {
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

  void deleteClass(Context ctx) throws Exception {
    access.requireWriter(ctx);
    String label = ctx.pathParam("label");
    int n;
    synchronized (uploadLock) {
      n = gallery.removeLabel(label);
    }
    if (n == 0) {
      throw new ApiException(404, "no_such_class", "the gallery has no class '" + label + "'");
    }
    Answers.json(ctx, Map.of("removed", n, "entries", gallery.size()));
  }

  void deleteEntry(Context ctx) throws Exception {
    access.requireWriter(ctx);
    int n;
    synchronized (uploadLock) {
      n = gallery.removeIds(List.of(ctx.pathParam("id")));
    }
    if (n == 0) {
      throw new ApiException(404, "no_such_entry", "the gallery has no entry with that id");
    }
    Answers.json(ctx, Map.of("removed", n, "entries", gallery.size()));
  }

  void thumbnail(Context ctx) throws IOException {
    access.requireReader(ctx);
    byte[] png = gallery.thumbnail(ctx.pathParam("id"));
    if (png == null) {
      throw new ApiException(404, "no_thumbnail", "no thumbnail is stored for that id");
    }
    ctx.contentType("image/png").result(png);
  }
}
