/** Scoring predictions against true labels: accuracy, top-5 accuracy and per-class accuracy. */
package org.arcmetric.eval;
