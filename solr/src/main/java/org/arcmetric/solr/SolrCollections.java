package org.arcmetric.solr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.HnswOptions;

/**
 * Creating a gallery's collection: the configset shipped in this module ({@code
 * org/arcmetric/solr/configset/}) with the vector dimension and HNSW options filled in, uploaded as
 * {@code arcmetric-COLLECTION}, then the collection with the location's shards and replicas.
 * Stateless.
 */
final class SolrCollections {
  private SolrCollections() {}

  static final String RESOURCES = "/org/arcmetric/solr/configset/";

  /** The configset's files, filled in for a gallery of {@code dimension} and {@code hnsw}. */
  static byte[] configsetZip(int dimension, HnswOptions hnsw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String name : new String[] {"solrconfig.xml", "schema.xml"}) {
        String text =
            resource(name)
                .replace("@DIMENSION@", Integer.toString(dimension))
                .replace("@MAX_CONN@", Integer.toString(hnsw.maxConn()))
                .replace("@BEAM_WIDTH@", Integer.toString(hnsw.beamWidth()));
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = SolrCollections.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("the arcmetric-solr jar lacks its configset file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static boolean exists(SolrClient client, String collection)
      throws IOException, SolrServerException {
    return CollectionAdminRequest.listCollections(client).contains(collection);
  }

  /** Uploads the configset and creates the collection; waits until every replica is active. */
  static void create(SolrClient client, SolrLocation where, int dimension, HnswOptions hnsw)
      throws IOException, SolrServerException {
    String config = "arcmetric-" + where.collection();
    Path zip = Files.createTempFile("arcmetric-configset", ".zip");
    try {
      Files.write(zip, configsetZip(dimension, hnsw));
      new ConfigSetAdminRequest.Upload()
          .setConfigSetName(config)
          .setUploadFile(zip.toFile(), "application/zip")
          .setOverwrite(true)
          .process(client);
    } finally {
      Files.deleteIfExists(zip);
    }
    CollectionAdminRequest.Create create =
        CollectionAdminRequest.createCollection(
            where.collection(), config, where.shards(), where.replicas());
    create.setWaitForFinalState(true);
    create.process(client);
  }

  /**
   * Refuses a collection whose vector field does not hold vectors of {@code dimension} (one a user
   * created with another schema).
   */
  static void requireVectorField(SolrClient client, SolrLocation where, int dimension)
      throws IOException, SolrServerException {
    Object dim;
    try {
      dim =
          new SchemaRequest.FieldType("knn_vector")
              .process(client, where.collection())
              .getFieldType()
              .getAttributes()
              .get("vectorDimension");
    } catch (RuntimeException e) {
      throw new GalleryException(
          "collection "
              + where.collection()
              + " at "
              + where.baseUrl()
              + " has no field type knn_vector: it was not made from arcmetric's configset;"
              + " give a new collection name and arcmetric creates it",
          e);
    }
    if (dim == null || !dim.toString().equals(Integer.toString(dimension))) {
      throw new GalleryException(
          "collection "
              + where.collection()
              + " holds vectors of dimension "
              + dim
              + ", but the model makes "
              + dimension
              + "; give a new collection name");
    }
  }
}
