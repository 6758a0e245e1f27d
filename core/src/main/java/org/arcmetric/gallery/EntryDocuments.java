package org.arcmetric.gallery;

import java.io.IOException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * How a gallery entry is a Lucene document: a random {@code id}, its {@code label} (both indexed as
 * exact terms), its {@code source}, an optional PNG {@code thumbnail} (stored only) and a {@link
 * KnnFloatVectorField} using {@link VectorSimilarityFunction#DOT_PRODUCT}, which equals cosine
 * similarity because only unit vectors are accepted. Stateless.
 */
final class EntryDocuments {
  static final String F_ID = "id";
  static final String F_LABEL = "label";
  static final String F_SOURCE = "source";
  static final String F_VECTOR = "vector";
  static final String F_THUMBNAIL = "thumbnail";

  private EntryDocuments() {}

  static Document document(
      String id, String label, String source, float[] vector, byte[] thumbnail) {
    Document d = new Document();
    if (thumbnail != null) {
      d.add(new StoredField(F_THUMBNAIL, thumbnail));
    }
    d.add(new StringField(F_ID, id, Field.Store.YES));
    d.add(new StringField(F_LABEL, label, Field.Store.YES));
    d.add(new StoredField(F_SOURCE, source == null ? "" : source));
    d.add(new KnnFloatVectorField(F_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return d;
  }

  /** Every live entry of {@code reader}, vectors of dimension {@code dim}, in document order. */
  static ExactIndex readAll(DirectoryReader reader, int dim) throws IOException {
    int n = reader.numDocs();
    String[] ids = new String[n];
    String[] labels = new String[n];
    String[] sources = new String[n];
    float[] matrix = new float[n * dim];
    int row = 0;
    for (LeafReaderContext ctx : reader.leaves()) {
      LeafReader leaf = ctx.reader();
      Bits live = leaf.getLiveDocs();
      FloatVectorValues vectors = leaf.getFloatVectorValues(F_VECTOR);
      StoredFields stored = leaf.storedFields();
      if (vectors == null) {
        continue;
      }
      for (int doc = vectors.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = vectors.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        Document d = stored.document(doc);
        ids[row] = d.get(F_ID);
        labels[row] = d.get(F_LABEL);
        sources[row] = d.get(F_SOURCE);
        System.arraycopy(vectors.vectorValue(), 0, matrix, row * dim, dim);
        row++;
      }
    }
    if (row != n) {
      throw new CorruptIndexException(
          "expected " + n + " vectors but found " + row, reader.directory().toString());
    }
    return new ExactIndex(ids, labels, sources, matrix, dim);
  }
}
