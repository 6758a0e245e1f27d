/**
 * The benchmark and research commands ({@code bench}, {@code bench-gallery}, {@code bench-solr},
 * {@code bench-server}, {@code compare-losses}, {@code make-shapes}) and their helpers, a module of
 * their own so that the command line does not depend at compile time on what only they need
 * (SolrCloud's client, the in-process Solr cluster). They join {@code arcmetric} at run time
 * through {@link org.arcmetric.cli.MoreCommands}.
 */
package org.arcmetric.bench;
