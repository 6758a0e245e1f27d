package org.arcmetric.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.arcmetric.options.InvalidOptionException;

/**
 * What {@link SparkEmbedJob} does. Immutable and serialisable (it travels to the executors).
 *
 * @param model the model folder (readable at this path on every executor)
 * @param data the images: a folder (ImageFolder layout) or a {@code .csv}/{@code .parquet} list
 *     with a {@code path} and optional {@code label} column
 * @param label the label of every image (a flat folder or a list without labels), or null
 * @param out where the Parquet output goes (a new folder unless {@code overwrite})
 * @param gallery a gallery to add the labelled rows to (a folder or a {@code solr://} URI), or null
 * @param partitions partitions to embed in (0: Spark's default parallelism, one per task slot)
 * @param overwrite replace an existing output
 */
public record EmbedJobOptions(
    String model,
    String data,
    String label,
    String out,
    String gallery,
    int partitions,
    boolean overwrite)
    implements Serializable {

  public static Builder builder() {
    return new Builder();
  }

  /** DJL-style builder: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private String model;
    private String data;
    private String label;
    private String out;
    private String gallery;
    private int partitions;
    private boolean overwrite;

    public Builder setModel(String model) {
      this.model = model;
      return this;
    }

    public Builder setData(String data) {
      this.data = data;
      return this;
    }

    public Builder setOut(String out) {
      this.out = out;
      return this;
    }

    public Builder optLabel(String label) {
      this.label = label;
      return this;
    }

    public Builder optGallery(String gallery) {
      this.gallery = gallery;
      return this;
    }

    public Builder optPartitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    public Builder optOverwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Whether {@code out} names a file system's or a bucket's root ({@code /}, {@code s3a://b/}).
     */
    static boolean isRoot(String out) {
      String path = out;
      int scheme = out.indexOf("://");
      if (scheme >= 0) {
        int slash = out.indexOf('/', scheme + 3);
        path = slash < 0 ? "" : out.substring(slash);
      } else if (out.startsWith("file:")) {
        path = out.substring("file:".length());
      }
      return path.replace("/", "").isEmpty()
          || Path.of(path).toAbsolutePath().normalize().getParent() == null;
    }

    /**
     * With {@code overwrite}, refuses a local folder that holds anything but what a Parquet write
     * leaves (part files, {@code _SUCCESS}, checksums): Spark would delete it all.
     */
    static void requireOwnOutput(String out) {
      if (out.contains("://") || out.startsWith("file:")) {
        return; // remote: the store's own permissions are the guard
      }
      Path dir = Path.of(out);
      if (!Files.isDirectory(dir)) {
        return;
      }
      try (Stream<Path> files = Files.list(dir)) {
        Optional<String> other =
            files
                .map(f -> f.getFileName().toString())
                .filter(
                    n ->
                        !(n.startsWith("part-")
                            || n.startsWith("._")
                            || n.startsWith(".part-")
                            || n.equals("_SUCCESS")
                            || n.startsWith("_committed")
                            || n.startsWith("_started")))
                .findFirst();
        InvalidOptionException.require(
            other.isEmpty(),
            "{out} "
                + out
                + " holds "
                + other.orElse("")
                + ", which no Parquet output of spark-embed has; {overwrite} would delete it."
                + " Give a new folder, or an earlier spark-embed output");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * @throws InvalidOptionException naming the missing or bad field
     */
    public EmbedJobOptions build() {
      InvalidOptionException.require(model != null, "{model} is required: the model folder");
      InvalidOptionException.require(data != null, "{data} is required: a folder or a path list");
      InvalidOptionException.require(out != null, "{out} is required: where Parquet is written");
      InvalidOptionException.require(
          partitions >= 0, "{partitions} must be 0 (one per task slot) or more");
      InvalidOptionException.require(
          !isRoot(out),
          "{out} "
              + out
              + " is the root of a file system or bucket; give a folder of its own (with"
              + " {overwrite}, Spark would delete everything under it)");
      if (overwrite) {
        requireOwnOutput(out);
      }
      return new EmbedJobOptions(model, data, label, out, gallery, partitions, overwrite);
    }
  }
}
