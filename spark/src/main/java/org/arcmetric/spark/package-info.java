/**
 * Batch embedding as a Spark job: {@link org.arcmetric.spark.SparkEmbedJob} (the library entry
 * point), {@link org.arcmetric.spark.EmbedJobOptions} and {@link
 * org.arcmetric.spark.SparkEmbedMain} (the command line and the {@code spark-submit} main class).
 */
package org.arcmetric.spark;
