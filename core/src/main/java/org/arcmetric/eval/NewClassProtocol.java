package org.arcmetric.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.StratifiedSplit;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Classifier;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.train.EmbeddingTrainer;
import org.arcmetric.train.TrainConfig;

/**
 * The product's central claim as a protocol: train on all classes but {@code newClasses}, enrol the
 * trained classes' training images plus {@code shots} images of each new class into a gallery (no
 * retraining), and classify held-out test images of every class by k-NN.
 *
 * <p>Reports accuracy on the trained classes, on the new classes and on all, by k-NN vote and by
 * nearest class centroid, and the closed-set k-NN accuracy of the trained classes' test images
 * against a gallery of trained classes only. The two modes differ most here: the trained classes
 * have hundreds or thousands of entries against a few for each new class, which biases a k-NN vote
 * towards the trained classes, while each class has exactly one centroid.
 */
public final class NewClassProtocol {
  private NewClassProtocol() {}

  /**
   * @param closedSetAccuracy trained-class test images against a gallery of trained classes only
   */
  public record Result(
      List<String> trainedClasses,
      List<String> newClasses,
      int shots,
      EvalReport report,
      EvalReport centroidReport,
      double accuracyTrained,
      double accuracyNew,
      double accuracyAll,
      double closedSetAccuracy,
      double trainSeconds,
      Path modelDir,
      Path galleryDir) {}

  /**
   * Runs the protocol, writing {@code outDir/model} and {@code outDir/gallery}.
   *
   * @param config training options; its held-out class names are set to {@code newClasses}
   */
  public static Result run(
      TrainConfig.Builder config,
      ImageSet train,
      ImageSet test,
      List<String> newClasses,
      int shots,
      int k,
      long seed,
      Path outDir,
      String dataDescription,
      PrintStream progress,
      boolean terminal)
      throws IOException {
    for (String c : newClasses) {
      if (!train.classes().contains(c)) {
        throw new IllegalArgumentException(
            "new class '" + c + "' is not in the data; its classes are " + train.classes());
      }
    }
    Path modelDir = outDir.resolve("model");
    Path galleryDir = outDir.resolve("gallery");
    TrainConfig c = config.optValClasses(0).optValClassNames(newClasses).optValShots(shots).build();
    long t0 = System.nanoTime();
    new EmbeddingTrainer(c, progress, terminal).train(train, dataDescription, modelDir, false);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;

    ImageSet oldClasses = train.withoutClasses(newClasses);
    ImageSet newShots =
        StratifiedSplit.takePerClass(train.withClasses(newClasses), shots, seed).first();
    ImageSet enrolled = oldClasses.concat(newShots);
    EvalReport report;
    EvalReport centroid;
    double closed;
    try (EmbeddingModel model = EmbeddingModel.load(modelDir);
        Embedder embedder = model.newEmbedder();
        Gallery gallery = Gallery.create(galleryDir, model.fingerprint(), model.dimension())) {
      float[][] enrolledVectors = embedder.embed(enrolled);
      gallery.add(GalleryEntry.of(enrolled, enrolledVectors));
      float[][] queries = embedder.embed(test);
      report =
          Evaluation.evaluate(
              Classifier.of(Classifier.Mode.KNN, gallery, k, Float.NEGATIVE_INFINITY),
              queries,
              test.labels());
      centroid =
          Evaluation.evaluate(
              Classifier.of(Classifier.Mode.CENTROID, gallery, k, Float.NEGATIVE_INFINITY),
              queries,
              test.labels());
      closed = closedSet(oldClasses, enrolledVectors, test, queries, k);
    }
    List<String> trained = oldClasses.classes();
    return new Result(
        trained,
        List.copyOf(newClasses),
        shots,
        report,
        centroid,
        groupAccuracy(report, trained),
        groupAccuracy(report, newClasses),
        report.accuracy(),
        closed,
        trainSeconds,
        modelDir,
        galleryDir);
  }

  private static double closedSet(
      ImageSet oldClasses, float[][] enrolledVectors, ImageSet test, float[][] queries, int k) {
    int n = oldClasses.size(); // the trained classes come first in the enrolled set
    ExactIndex index =
        ExactIndex.of(oldClasses.labels(), java.util.Arrays.copyOfRange(enrolledVectors, 0, n));
    List<float[]> q = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      if (oldClasses.classes().contains(test.label(i))) {
        q.add(queries[i]);
        labels.add(test.label(i));
      }
    }
    return Evaluation.evaluate(
            Classifier.of(Classifier.Mode.KNN, index, k, Float.NEGATIVE_INFINITY),
            q.toArray(new float[0][]),
            labels)
        .accuracy();
  }

  /** Accuracy over the test images of {@code classes} (image-weighted). */
  public static double groupAccuracy(EvalReport r, List<String> classes) {
    double correct = 0;
    int n = 0;
    for (String c : classes) {
      ClassAccuracy a = r.perClass().get(c);
      if (a != null) {
        correct += a.accuracy() * a.count();
        n += a.count();
      }
    }
    return n == 0 ? 0 : correct / n;
  }
}
