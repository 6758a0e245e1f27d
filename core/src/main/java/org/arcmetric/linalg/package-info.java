/**
 * Small dense linear algebra in plain Java, exact in double precision: {@link
 * org.arcmetric.linalg.Cholesky} factorisation, the {@link org.arcmetric.linalg.SymmetricEigen}
 * decomposition, and {@link org.arcmetric.linalg.UnitVectors}. Depends on no other arcmetric
 * package.
 */
package org.arcmetric.linalg;
