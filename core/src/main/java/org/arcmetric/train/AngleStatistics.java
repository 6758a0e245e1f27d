package org.arcmetric.train;

/**
 * Where embeddings sit relative to the class centres of a margin head — the diagnosis of a run that
 * does not converge: the mean angle θ_y (degrees) between each embedding and its own class centre,
 * and the mean angle to the nearest centre of another class. Training should shrink the first and
 * keep the second large; a margin head whose first angle stays near 90° has not learned.
 *
 * <p>With K sub-centres per class, a class's angle is the smallest over its K centres.
 */
public record AngleStatistics(double meanTargetDegrees, double meanNearestOtherDegrees) {

  /**
   * @param vectors unit embeddings, one per row
   * @param classes the class index of each row
   * @param centres normalised centres, {@code [C·K][d]}, class c at rows c·K … c·K + K − 1
   * @param subCentres K
   */
  public static AngleStatistics of(
      float[][] vectors, int[] classes, float[][] centres, int subCentres) {
    double target = 0;
    double other = 0;
    int n = 0;
    for (int i = 0; i < vectors.length; i++) {
      if (classes[i] < 0) {
        continue; // a class the head does not know (held out of training)
      }
      double bestOwn = -1;
      double bestOther = -1;
      for (int r = 0; r < centres.length; r++) {
        double c = 0;
        for (int j = 0; j < centres[r].length; j++) {
          c += vectors[i][j] * centres[r][j];
        }
        if (r / subCentres == classes[i]) {
          bestOwn = Math.max(bestOwn, c);
        } else {
          bestOther = Math.max(bestOther, c);
        }
      }
      target += Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, bestOwn))));
      other += Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, bestOther))));
      n++;
    }
    return new AngleStatistics(n == 0 ? Double.NaN : target / n, n == 0 ? Double.NaN : other / n);
  }
}
