package org.arcmetric.data;

/** Images loaded from a {@link DataSpec}, with the report of what was skipped. */
public record LoadedData(ImageSet images, LoadReport report) {}
