package org.arcmetric.spark;

import java.io.Serializable;
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
     * @throws InvalidOptionException naming the missing or bad field
     */
    public EmbedJobOptions build() {
      InvalidOptionException.require(model != null, "{model} is required: the model folder");
      InvalidOptionException.require(data != null, "{data} is required: a folder or a path list");
      InvalidOptionException.require(out != null, "{out} is required: where Parquet is written");
      InvalidOptionException.require(
          partitions >= 0, "{partitions} must be 0 (one per task slot) or more");
      return new EmbedJobOptions(model, data, label, out, gallery, partitions, overwrite);
    }
  }
}
