package org.arcmetric.solr;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.arcmetric.options.InvalidOptionException;

/**
 * Where a SolrCloud gallery lives, parsed from {@code solr://HOST:PORT/solr/COLLECTION} ({@code
 * solrs://} for HTTPS). Any node of the cluster will do: SolrCloud routes updates to the shard
 * leaders and fans queries out to every shard. Optional query parameters apply when arcmetric
 * creates the collection: {@code ?shards=N&replicas=R} (default 1 and 1). Immutable.
 *
 * @param baseUrl the node's Solr root, such as {@code http://HOST:PORT/solr}
 * @param collection the collection holding the gallery
 * @param shards shards of a collection created by arcmetric
 * @param replicas replicas per shard of a collection created by arcmetric
 */
public record SolrLocation(String baseUrl, String collection, int shards, int replicas) {
  /** The URI schemes this module reads. */
  public static final String SCHEME = "solr";

  /** As {@link #SCHEME}, over HTTPS. */
  public static final String SCHEME_TLS = "solrs";

  /** Whether {@code location} is a SolrCloud gallery URI. */
  public static boolean accepts(String location) {
    return location.startsWith(SCHEME + "://") || location.startsWith(SCHEME_TLS + "://");
  }

  /**
   * Parses a gallery URI.
   *
   * @throws InvalidOptionException naming the field {@code gallery} and the expected form
   */
  public static SolrLocation parse(String location) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw invalid(location, "it is not a URI (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (!SCHEME.equals(scheme) && !SCHEME_TLS.equals(scheme)) {
      throw invalid(location, "its scheme is not solr or solrs");
    }
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw invalid(location, "it names no HOST:PORT");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    int slash = path.lastIndexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw invalid(location, "its path has no /solr/COLLECTION");
    }
    String root = path.substring(0, slash);
    String collection = path.substring(slash + 1);
    if (!collection.matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
      throw invalid(
          location, "collection '" + collection + "' may hold only letters, digits, '.', '_', '-'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getQuery() != null) {
      for (String kv : uri.getQuery().split("&")) {
        int eq = kv.indexOf('=');
        if (eq < 1) {
          throw invalid(location, "its query '" + kv + "' is not NAME=VALUE");
        }
        params.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    int shards = positive(location, params.remove("shards"), "shards");
    int replicas = positive(location, params.remove("replicas"), "replicas");
    if (!params.isEmpty()) {
      throw invalid(
          location, "unknown parameter " + params.keySet() + " (known: shards, replicas)");
    }
    String http = SCHEME.equals(scheme) ? "http" : "https";
    return new SolrLocation(
        http + "://" + uri.getHost() + ":" + uri.getPort() + root, collection, shards, replicas);
  }

  private static int positive(String location, String value, String name) {
    if (value == null) {
      return 1;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(location, name + "=" + value + " is not a whole number from 1 to 1024");
  }

  private static InvalidOptionException invalid(String location, String why) {
    return new InvalidOptionException(
        "{gallery} "
            + location
            + " cannot be used: "
            + why
            + "; a SolrCloud gallery is solr://HOST:PORT/solr/COLLECTION[?shards=N&replicas=R]");
  }

  /** This location as a URI, for messages and {@code Gallery#location()}. */
  public String uri() {
    return uri(baseUrl, collection);
  }

  /**
   * The gallery URI of {@code collection} on the node whose Solr root is {@code baseUrl} ({@code
   * http://HOST:PORT/solr}, or https), created with {@code shards} shards when arcmetric creates
   * it.
   */
  public static String uri(String baseUrl, String collection, int shards) {
    return uri(baseUrl, collection) + "?shards=" + shards;
  }

  private static String uri(String baseUrl, String collection) {
    String scheme = baseUrl.startsWith("https:") ? SCHEME_TLS : SCHEME;
    return scheme + baseUrl.substring(baseUrl.indexOf(':')) + "/" + collection;
  }
}
