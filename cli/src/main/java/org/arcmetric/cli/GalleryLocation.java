package org.arcmetric.cli;

import picocli.CommandLine.Option;

/** The {@code --gallery} of the commands that work on any engine's gallery: a folder or a URI. */
final class GalleryLocation {
  @Option(
      names = "--gallery",
      required = true,
      paramLabel = "GALLERY",
      description = "The gallery folder, or solr://HOST:PORT/solr/COLLECTION.")
  String gallery;
}
