package org.arcmetric.solr;

/** The field names and document ids of the gallery collection's schema (the shipped configset). */
final class SolrFields {
  private SolrFields() {}

  static final String ID = "id";
  static final String VERSION = "_version_";
  static final String KIND = "kind";
  static final String LABEL = "label";
  static final String SOURCE = "source";
  static final String VECTOR = "v";
  static final String THUMB = "thumb";
  static final String SUM = "sum";
  static final String COUNT = "count";
  static final String META = "meta";

  static final String KIND_ENTRY = "entry";
  static final String KIND_CENTROID = "centroid";
  static final String KIND_META = "meta";

  /** The id of the one metadata document. */
  static final String META_ID = "_arcmetric_meta";

  /** The id of the centroid document of {@code label}. */
  static String centroidId(String label) {
    return "_centroid_" + label;
  }
}
