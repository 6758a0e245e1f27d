package org.arcmetric.train;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.Normalization;
import org.arcmetric.eval.Evaluation;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.KnnClassifier;

/**
 * After each epoch, measures what users care about, through a gallery as in prediction: the gallery
 * holds (a capped, stratified sample of) the training images plus {@code k}-shot images of each
 * held-out class; {@code val_accuracy} is the k-NN accuracy of the validation split, {@code
 * val_new_class_accuracy} that of the held-out classes' other images — classes the model never
 * trained on. Writes both into the epoch record.
 */
final class EpochValidator extends TrainingListenerAdapter {
  private final Block embedding;
  private final Normalization normalization;
  private final ImageSet gallery;
  private final ImageSet valQueries;
  private final ImageSet newClassQueries;
  private final int k;
  private final RunState state;

  EpochValidator(
      Block embedding,
      Normalization normalization,
      ImageSet gallery,
      ImageSet valQueries,
      ImageSet newClassQueries,
      int k,
      RunState state) {
    this.embedding = embedding;
    this.normalization = normalization;
    this.gallery = gallery;
    this.valQueries = valQueries;
    this.newClassQueries = newClassQueries;
    this.k = k;
    this.state = state;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    if (valQueries.size() == 0 && newClassQueries.size() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    float[][] vectors =
        BlockEmbedding.embed(embedding, trainer.getManager(), gallery, normalization);
    KnnClassifier knn =
        new KnnClassifier(ExactIndex.of(new ArrayList<>(gallery.labels()), vectors), k, -2f);
    if (valQueries.size() > 0) {
      state.record.put("val_accuracy", accuracy(knn, trainer, valQueries));
    }
    if (newClassQueries.size() > 0) {
      state.record.put("val_new_class_accuracy", accuracy(knn, trainer, newClassQueries));
    }
    state.record.put("val_seconds", (System.nanoTime() - t0) / 1e9);
  }

  private double accuracy(KnnClassifier knn, Trainer trainer, ImageSet queries) {
    float[][] q = BlockEmbedding.embed(embedding, trainer.getManager(), queries, normalization);
    List<String> labels = queries.labels();
    return Evaluation.evaluate(knn, q, labels).accuracy();
  }
}
