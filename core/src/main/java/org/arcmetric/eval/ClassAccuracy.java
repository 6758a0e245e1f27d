package org.arcmetric.eval;

/** Accuracy on the query images of one class. */
public record ClassAccuracy(int count, double accuracy) {}
