package org.arcmetric.gallery;

/** An entry to add to a gallery: a unit vector of the gallery's dimension, its class and source. */
public record GalleryEntry(String label, String source, float[] vector) {

  /** One entry per image: its label, its source and the embedding in the same row. */
  public static java.util.List<GalleryEntry> of(
      org.arcmetric.data.ImageSet images, float[][] vectors) {
    if (images.size() != vectors.length) {
      throw new IllegalArgumentException(
          images.size() + " images but " + vectors.length + " embeddings");
    }
    java.util.List<GalleryEntry> entries = new java.util.ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      entries.add(new GalleryEntry(images.label(i), images.source(i), vectors[i]));
    }
    return entries;
  }
}
