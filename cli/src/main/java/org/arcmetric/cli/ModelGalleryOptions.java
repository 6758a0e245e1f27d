package org.arcmetric.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model folder and gallery folder that predict and evaluate work with. */
public final class ModelGalleryOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "The model folder 'arcmetric train' wrote.")
  public Path model;

  @Option(
      names = "--gallery",
      required = true,
      paramLabel = "GALLERY",
      description =
          "The gallery 'arcmetric enroll' wrote (made with the same model): its folder, or"
              + " solr://HOST:PORT/solr/COLLECTION for a gallery on SolrCloud.")
  public String gallery;
}
