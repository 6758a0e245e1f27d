package org.arcmetric.train;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arcmetric.classify.CentroidClassifier;
import org.arcmetric.classify.Classifier;
import org.arcmetric.classify.KnnClassifier;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.Normalization;
import org.arcmetric.eval.Evaluation;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.loss.ClassCentres;
import org.arcmetric.loss.RotationHead;
import org.arcmetric.model.EmbeddingNetwork;
import org.arcmetric.model.TrainingNetwork;
import org.arcmetric.pretrained.FrozenFeatures;

/**
 * After each epoch, measures what users care about, through a gallery as in prediction: the gallery
 * holds (a capped, stratified sample of) the training images plus {@code k}-shot images of each
 * held-out class; {@code val_accuracy} is the k-NN accuracy of the validation split, {@code
 * val_new_class_accuracy} that of the held-out classes' other images — classes the model never
 * trained on, by k-NN and ({@code val_new_class_centroid_accuracy}) by nearest centroid, the number
 * {@code --keep-best} chooses the epoch by. For margin heads it also records the mean angle of the
 * training images to their class centre and to the nearest other centre ({@link AngleStatistics}).
 * Writes all into the epoch record.
 */
final class EpochValidator extends TrainingListenerAdapter {
  private final Block embedding;
  private final Normalization normalization;
  private final ImageSet gallery;
  private final ImageSet valQueries;
  private final ImageSet newClassQueries;
  private final int k;
  private final RunState state;
  private final Map<String, Integer> classIndex;
  private FrozenFeatures frozen;

  /**
   * While the embedding network's backbone is frozen, embed from {@code features} (each image's
   * backbone features computed once) instead of running the backbone every epoch.
   */
  EpochValidator withFrozenFeatures(FrozenFeatures features) {
    this.frozen = features;
    return this;
  }

  private float[][] embed(Trainer trainer, ImageSet images) {
    if (frozen != null && embedding instanceof EmbeddingNetwork net && net.backboneFrozen()) {
      return BlockEmbedding.embedFeatures(embedding, trainer.getManager(), frozen.of(images));
    }
    return BlockEmbedding.embed(embedding, trainer.getManager(), images, normalization);
  }

  EpochValidator(
      Block embedding,
      Normalization normalization,
      ImageSet gallery,
      ImageSet valQueries,
      ImageSet newClassQueries,
      int k,
      RunState state,
      Map<String, Integer> classIndex) {
    this.embedding = embedding;
    this.normalization = normalization;
    this.gallery = gallery;
    this.valQueries = valQueries;
    this.newClassQueries = newClassQueries;
    this.k = k;
    this.state = state;
    this.classIndex = classIndex;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    long t0 = System.nanoTime();
    float[][] vectors = embed(trainer, gallery);
    Block head = ((TrainingNetwork) trainer.getModel().getBlock()).head();
    if (head instanceof RotationHead r) {
      head = r.classHead();
    }
    if (head instanceof ClassCentres margin) {
      int[] classes = new int[gallery.size()];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = classIndex.getOrDefault(gallery.label(i), -1);
      }
      AngleStatistics a =
          AngleStatistics.of(vectors, classes, margin.centres(), margin.subCentres());
      state.record.meanTargetAngleDeg = a.meanTargetDegrees();
      state.record.meanNearestOtherAngleDeg = a.meanNearestOtherDegrees();
    }
    KnnClassifier knn =
        new KnnClassifier(ExactIndex.of(new ArrayList<>(gallery.labels()), vectors), k, -2f);
    if (valQueries.size() > 0) {
      state.record.valAccuracy = accuracy(knn, trainer, valQueries);
    }
    if (newClassQueries.size() > 0) {
      state.record.valNewClassAccuracy = accuracy(knn, trainer, newClassQueries);
      CentroidClassifier centroid =
          new CentroidClassifier(ExactIndex.of(new ArrayList<>(gallery.labels()), vectors), -2f);
      state.record.valNewClassCentroidAccuracy = accuracy(centroid, trainer, newClassQueries);
    }
    state.record.valSeconds = (System.nanoTime() - t0) / 1e9;
  }

  private double accuracy(Classifier knn, Trainer trainer, ImageSet queries) {
    float[][] q = embed(trainer, queries);
    List<String> labels = queries.labels();
    return Evaluation.evaluate(knn, q, labels).accuracy();
  }
}
