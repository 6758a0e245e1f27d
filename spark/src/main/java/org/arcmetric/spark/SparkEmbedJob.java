package org.arcmetric.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.InputShape;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.Labels;
import org.arcmetric.options.InvalidOptionException;

/**
 * Batch embedding as a Spark job: reads image paths, embeds them with one {@link Embedder} (one DJL
 * predictor) per partition, and writes Parquet with the columns {@code id} (the first 16 bytes of
 * the SHA-256 of the source, in hex: the same image path gives the same id on every run), {@code
 * label}, {@code source} and {@code vector} ({@code array<float>}, a unit vector of the model's
 * dimension); then, optionally, adds the rows to a gallery.
 *
 * <p>Input ({@link EmbedJobOptions#data}): a folder in ImageFolder layout (label = the folder an
 * image is in, read with Spark's {@code binaryFile} source, so it may be on HDFS or S3), or a
 * {@code .csv} (with a header) or {@code .parquet} list with a {@code path} column and an optional
 * {@code label} column. Images that cannot be decoded are skipped and counted ({@link
 * Summary#skipped}). Loading into a SolrCloud gallery runs on the executors, one gallery client per
 * partition (the class sums stay exact under concurrent writers); a local gallery folder has one
 * writer, so it is loaded from the driver. The model folder must be readable at the same path on
 * every executor (shared storage, or {@code spark-submit --archives model.zip#model}).
 *
 * <p>Stateless; {@link #run} may be called from several threads with their own sessions.
 */
public final class SparkEmbedJob {
  private SparkEmbedJob() {}

  /** The output's schema: {@code id, label, source, vector}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("label", DataTypes.StringType, true)
          .add("source", DataTypes.StringType, false)
          .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private static final int BATCH = 64;

  /**
   * What a run did.
   *
   * @param embedded rows written
   * @param skipped images that could not be read or decoded
   * @param enrolled rows added to the gallery (0 without one)
   * @param seconds wall time of the whole job
   */
  public record Summary(long embedded, long skipped, long enrolled, double seconds) {}

  /** Runs the job in {@code spark}. */
  public static Summary run(SparkSession spark, EmbedJobOptions o) throws IOException {
    long t0 = System.nanoTime();
    org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(o.out());
    if (!o.overwrite()
        && outPath.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(outPath)) {
      throw new InvalidOptionException(
          "{out} " + o.out() + " exists: choose a new folder, or give {overwrite} to replace it");
    }
    int dimension;
    String fingerprint;
    try (EmbeddingModel m = EmbeddingModel.load(Path.of(o.model()))) {
      dimension = m.dimension();
      fingerprint = m.fingerprint();
    }
    // a gallery of another model is refused before any image is embedded
    if (o.gallery() != null) {
      try (Gallery g = Galleries.openOrCreate(o.gallery(), fingerprint, dimension, Map.of())) {
        g.requireModel(fingerprint, "model " + o.model());
      }
    }
    Dataset<Row> input = input(spark, o);
    // each partition loads the model once: as many partitions as task slots by default, not the
    // hundreds a folder of small files gets from Spark's file source (or the one of a small list)
    input =
        input.repartition(
            o.partitions() > 0 ? o.partitions() : spark.sparkContext().defaultParallelism());
    LongAccumulator skipped = spark.sparkContext().longAccumulator("arcmetric.skipped");
    String model = o.model();
    Dataset<Row> vectors =
        input.mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> embedPartition(rows, model, skipped),
            Encoders.row(SCHEMA));
    vectors.write().mode(o.overwrite() ? "overwrite" : "errorifexists").parquet(o.out());
    Dataset<Row> written = spark.read().parquet(o.out());
    long embedded = written.count();
    long enrolled = 0;
    if (o.gallery() != null) {
      enrolled = enrol(written, o.gallery());
    }
    return new Summary(embedded, skipped.value(), enrolled, (System.nanoTime() - t0) / 1e9);
  }

  /** The input as rows of {@code path} (a Hadoop path or URI) and {@code label} (may be null). */
  static Dataset<Row> input(SparkSession spark, EmbedJobOptions o) {
    String data = o.data();
    String lower = data.toLowerCase(Locale.ROOT);
    Dataset<Row> list;
    if (lower.endsWith(".csv")) {
      list = spark.read().option("header", "true").csv(data);
    } else if (lower.endsWith(".parquet")) {
      list = spark.read().parquet(data);
    } else {
      // a folder: every image file below it; its label is the name of the folder it is in
      Dataset<Row> files =
          spark
              .read()
              .format("binaryFile")
              .option("recursiveFileLookup", "true")
              .option("pathGlobFilter", "*.{png,PNG,jpg,JPG,jpeg,JPEG,gif,GIF,bmp,BMP}")
              .load(data)
              .select("path");
      return files.withColumn(
          "label",
          o.label() != null
              ? functions.lit(o.label())
              : functions.element_at(functions.split(functions.col("path"), "/"), -2));
    }
    if (!Arrays.asList(list.columns()).contains("path")) {
      throw new InvalidOptionException(
          "{data} "
              + data
              + " has no 'path' column (its columns: "
              + String.join(", ", list.columns())
              + ")");
    }
    boolean hasLabel = Arrays.asList(list.columns()).contains("label");
    return list.select(
        functions.col("path"),
        hasLabel
            ? functions.col("label")
            : o.label() != null
                ? functions.lit(o.label()).as("label")
                : functions.lit(null).cast(DataTypes.StringType).as("label"));
  }

  /**
   * One partition: one model and one predictor, images decoded and embedded {@value #BATCH} at a
   * time as the rows are consumed (a partition is never held in memory whole); the model is closed
   * after the last row, or when the task ends.
   */
  static Iterator<Row> embedPartition(Iterator<Row> rows, String modelDir, LongAccumulator skipped)
      throws IOException {
    if (!rows.hasNext()) {
      return Collections.emptyIterator();
    }
    EmbeddingModel m = EmbeddingModel.load(Path.of(modelDir));
    Embedder e;
    try {
      e = m.newEmbedder();
    } catch (RuntimeException ex) {
      m.close();
      throw ex;
    }
    AtomicBoolean open = new AtomicBoolean(true);
    Runnable closeOnce =
        () -> {
          if (open.getAndSet(false)) {
            e.close();
            m.close();
          }
        };
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> closeOnce.run());
    }
    Configuration conf = new Configuration();
    InputShape shape = m.inputShape();
    ArrayDeque<Row> ready = new ArrayDeque<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && rows.hasNext()) {
          List<byte[]> pixels = new ArrayList<>();
          List<String[]> meta = new ArrayList<>();
          while (pixels.size() < BATCH && rows.hasNext()) {
            Row r = rows.next();
            String path = r.getString(0);
            String label = r.isNullAt(1) ? null : r.getString(1);
            if (label != null && Labels.problem(label) != null) {
              skipped.add(1);
              continue;
            }
            try {
              pixels.add(ImageDecoder.toPixels(ImageDecoder.decode(read(path, conf), path), shape));
              meta.add(new String[] {path, label});
            } catch (IOException ex) { // unreadable, or not an image (BadImageException)
              skipped.add(1);
            }
          }
          flush(e, pixels, meta, ready);
        }
        if (ready.isEmpty()) {
          closeOnce.run();
          return false;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private static void flush(
      Embedder e, List<byte[]> pixels, List<String[]> meta, Collection<Row> out) {
    if (pixels.isEmpty()) {
      return;
    }
    float[][] v = e.embed(pixels);
    for (int i = 0; i < v.length; i++) {
      Float[] boxed = new Float[v[i].length];
      for (int j = 0; j < boxed.length; j++) {
        boxed[j] = v[i][j];
      }
      out.add(RowFactory.create(id(meta.get(i)[0]), meta.get(i)[1], meta.get(i)[0], boxed));
    }
  }

  static byte[] read(String path, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = p.getFileSystem(conf);
    try (FSDataInputStream in = fs.open(p)) {
      return ((InputStream) in).readAllBytes();
    }
  }

  /** The row id of {@code source}: 32 hex digits of its SHA-256. */
  static String id(String source) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds the written rows to the gallery: on the executors for a remote one, else here. */
  static long enrol(Dataset<Row> written, String gallery) throws IOException {
    Dataset<Row> labelled = written.filter(functions.col("label").isNotNull());
    if (!Galleries.isRemote(gallery)) {
      return addAll(gallery, labelled.toLocalIterator());
    }
    // counted in the action itself: Spark applies each successful task's update once
    LongAccumulator added =
        written.sparkSession().sparkContext().longAccumulator("arcmetric.enrolled");
    labelled.foreachPartition(
        (ForeachPartitionFunction<Row>) rows -> added.add(addAll(gallery, rows)));
    return added.value();
  }

  /** Opens {@code gallery} and adds {@code rows} 1,000 at a time; returns how many. */
  private static long addAll(String gallery, Iterator<Row> rows) throws IOException {
    if (!rows.hasNext()) {
      return 0; // an empty partition opens no gallery client
    }
    long n = 0;
    try (Gallery g = Galleries.open(gallery)) {
      List<GalleryEntry> batch = new ArrayList<>();
      while (rows.hasNext()) {
        batch.add(entry(rows.next()));
        if (batch.size() == 1000 || !rows.hasNext()) {
          g.add(batch);
          n += batch.size();
          batch.clear();
        }
      }
    }
    return n;
  }

  private static GalleryEntry entry(Row r) {
    List<Float> v = r.getList(3);
    float[] f = new float[v.size()];
    for (int j = 0; j < f.length; j++) {
      f[j] = v.get(j);
    }
    return new GalleryEntry(r.getString(1), r.getString(2), f);
  }
}
