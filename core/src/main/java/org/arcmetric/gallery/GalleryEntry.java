package org.arcmetric.gallery;

/** An entry to add to a gallery: a unit vector of the gallery's dimension, its class and source. */
public record GalleryEntry(String label, String source, float[] vector) {}
