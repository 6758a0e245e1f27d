/**
 * Scoring an embedding on labelled images, given a gallery: depends only on {@code gallery}, {@code
 * embed} and {@code data}.
 *
 * <ul>
 *   <li>Inputs: {@link org.arcmetric.eval.EmbeddedSet} (labelled vectors, embedded once and reused
 *       by every protocol and draw).
 *   <li>Classification: {@link org.arcmetric.eval.Evaluation} runs a classifier over the queries
 *       into an {@link org.arcmetric.eval.EvalReport} (accuracy, top-5, unknown rate, {@link
 *       org.arcmetric.eval.ClassAccuracy} per class, {@link org.arcmetric.eval.ConfusionMatrix}
 *       with precision and recall).
 *   <li>Protocols: {@link org.arcmetric.eval.FewShotProtocol} (new classes enrolled with k images,
 *       seeded draws), {@link org.arcmetric.eval.OpenSetMetrics} (queries of classes not in the
 *       gallery should be unknown), {@link org.arcmetric.eval.Verification} (same-class pairs by
 *       cosine, insightface style).
 *   <li>Metrics: {@link org.arcmetric.eval.RetrievalMetrics} (P@1, R-precision, MAP@R, Recall@k as
 *       in Musgrave et al. 2020), {@link org.arcmetric.eval.ClusteringMetrics} (NMI, AMI) over
 *       {@link org.arcmetric.eval.KMeans}, {@link org.arcmetric.eval.Roc} (AUC, EER, TAR at FAR).
 *   <li>Together: {@link org.arcmetric.eval.MetricSuite} computes every metric of one gallery
 *       against one query set; {@link org.arcmetric.eval.MetricsJson} writes them with stable
 *       snake-case keys.
 * </ul>
 */
package org.arcmetric.eval;
