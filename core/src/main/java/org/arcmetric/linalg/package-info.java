/**
 * Small dense linear algebra in plain Java, exact in double precision: the {@link
 * org.arcmetric.linalg.SymmetricEigen} decomposition and {@link org.arcmetric.linalg.UnitVectors}.
 * Depends on no other arcmetric package.
 */
package org.arcmetric.linalg;
