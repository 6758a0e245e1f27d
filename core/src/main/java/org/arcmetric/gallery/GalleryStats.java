package org.arcmetric.gallery;

import java.util.Map;

/**
 * What a gallery holds, as of its last commit.
 *
 * @param location the gallery's folder or URI
 * @param entries number of entries
 * @param classes number of distinct labels
 * @param dimension vector length d
 * @param modelFingerprint fingerprint of the model whose embeddings it holds
 * @param bytesOnDisk size of the files of the last commit, or −1 where the engine does not say (a
 *     remote gallery)
 * @param labelCounts entries per label, labels sorted
 */
public record GalleryStats(
    String location,
    int entries,
    int classes,
    int dimension,
    String modelFingerprint,
    long bytesOnDisk,
    Map<String, Integer> labelCounts) {}
