/**
 * The gallery on SolrCloud: {@link org.arcmetric.solr.SolrGallery} implements {@link
 * org.arcmetric.gallery.Gallery} over one collection, found by {@link
 * org.arcmetric.gallery.Galleries} for {@code solr://} locations through {@link
 * org.arcmetric.solr.SolrGalleryProvider}; {@link org.arcmetric.solr.LocalSolrProcess} starts an
 * in-process cluster in a child JVM for benchmarks. Depends on core only (not on the server), and
 * on SolrJ without its Jetty client.
 */
package org.arcmetric.solr;
