package org.arcmetric.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.arcmetric.compute.NativeMemory;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.options.InvalidOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arcmetric spark-embed}, and the main class for {@code spark-submit}: runs {@link
 * SparkEmbedJob} and prints its {@link SparkEmbedJob.Summary} (stdout; {@code --json} for
 * machines). Without {@code --master} and outside spark-submit it runs in {@code local[*]}. Exit
 * codes as the rest of the command line: 0 done, 1 failure, 2 bad usage.
 */
@Command(
    name = "spark-embed",
    mixinStandardHelpOptions = true,
    description =
        "Embed images in bulk as a Spark job (one predictor per partition), write Parquet"
            + " (id, label, source, vector) and optionally add them to a gallery.")
public final class SparkEmbedMain implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
  String model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR|LIST",
      description = "An ImageFolder-layout folder, or a .csv/.parquet list with path[,label].")
  String data;

  @Option(names = "--label", paramLabel = "L", description = "The label of every image.")
  String label;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Parquet folder.")
  String out;

  @Option(
      names = "--gallery",
      paramLabel = "GALLERY",
      description = "Also add the rows to this gallery (a folder or solr://HOST:PORT/solr/C).")
  String gallery;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description =
          "Partitions to embed in, each loading the model once (default 0: one per task slot).")
  int partitions;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--overwrite", description = "Replace an existing --out.")
  boolean overwrite;

  @Option(names = "--json", description = "Print JSON to stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    EmbedJobOptions o =
        EmbedJobOptions.builder()
            .setModel(model)
            .setData(data)
            .setOut(out)
            .optLabel(label)
            .optGallery(gallery)
            .optPartitions(partitions)
            .optOverwrite(overwrite)
            .build();
    SparkSession.Builder b = SparkSession.builder().appName("arcmetric spark-embed");
    // executors on other machines start without the launcher's C allocator settings
    NativeMemory.RECOMMENDED.forEach(
        (name, value) -> {
          if (System.getProperty("spark.executorEnv." + name) == null) {
            b.config("spark.executorEnv." + name, value);
          }
        });
    if (master != null) {
      b.master(master);
    } else if (System.getProperty("spark.master") == null) {
      b.master("local[*]");
    }
    try (SparkSession spark = b.getOrCreate()) {
      spark.sparkContext().setLogLevel("WARN");
      SparkEmbedJob.Summary s = SparkEmbedJob.run(spark, o);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("embedded", s.embedded());
        m.put("skipped", s.skipped());
        m.put("enrolled", s.enrolled());
        m.put("seconds", s.seconds());
        m.put("images_per_second", s.embedded() / s.seconds());
        m.put("out", out);
        System.out.println(ModelFolder.JSON.writeValueAsString(m));
      } else {
        System.out.printf(
            Locale.ROOT,
            "embedded %,d images into %s in %.1f s (%.1f images/s); skipped %,d unreadable;"
                + " added %,d to %s%n",
            s.embedded(),
            out,
            s.seconds(),
            s.embedded() / s.seconds(),
            s.skipped(),
            s.enrolled(),
            gallery == null ? "no gallery" : gallery);
      }
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line; returns its exit code (0, 1 failure, 2 bad usage). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new SparkEmbedMain());
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parse) -> {
          String message =
              ex instanceof InvalidOptionException io
                  ? io.render(f -> "--" + f)
                  : ex.getMessage() == null ? ex.toString() : ex.getMessage();
          System.err.println("arcmetric spark-embed: " + message);
          if (System.getenv("ARCMETRIC_DEBUG") != null) {
            ex.printStackTrace();
          }
          return ex instanceof InvalidOptionException ? 2 : 1;
        });
    return cl.execute(args);
  }
}
