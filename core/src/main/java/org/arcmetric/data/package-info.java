/**
 * Getting labelled images into memory and into batches: decoding by content ({@link
 * org.arcmetric.data.ImageDecoder}), Fashion-MNIST's IDX files ({@link
 * org.arcmetric.data.IdxReader}, {@link org.arcmetric.data.FashionMnist}), ImageFolder layouts
 * ({@link org.arcmetric.data.ImageFolderReader}), seeded stratified splits, augmentation presets
 * and the prefetching {@link org.arcmetric.data.BatchDataset} that feeds DJL's trainer.
 */
package org.arcmetric.data;
