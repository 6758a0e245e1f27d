package org.arcmetric.loss;

/**
 * A head that holds one weight vector per class (or K per class, sub-centre ArcFace): the class
 * centres Ŵ on the unit sphere, read by training diagnostics (mean angle to the own centre and to
 * the nearest other one). Implemented by {@link MarginHead}.
 */
public interface ClassCentres {
  /** The normalised centres, {@code [C·K][d]}; class c's sub-centres at rows c·K … c·K + K − 1. */
  float[][] centres();

  /** K, sub-centres per class (1 for one centre per class). */
  int subCentres();
}
