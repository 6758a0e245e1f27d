package org.arcmetric.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.arcmetric.classify.Classifier;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.StratifiedSplit;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.embed.PixelBaseline;
import org.arcmetric.eval.EvalReport;
import org.arcmetric.eval.Evaluation;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.gallery.VectorSearch;
import org.arcmetric.options.InvalidOptionException;
import org.arcmetric.train.EmbeddingTrainer;
import org.arcmetric.train.TrainConfig;

/**
 * The product's central claim as an experiment: train on all classes but {@code newClasses}, enrol
 * the trained classes' training images plus {@code shots} images of each new class into a gallery
 * (no retraining), and classify held-out test images of every class by k-NN and by nearest centroid
 * — and do exactly the same with the {@link PixelBaseline raw-pixel baseline} on the same gallery
 * images and queries, so the model's numbers always sit beside those of no model.
 *
 * <p>It trains (package {@code train}) and measures (package {@code eval}), so it lives above both;
 * {@code eval} does not depend on training. Used by {@code demo} and {@code compare-losses}.
 *
 * <p>The two modes differ most here: the trained classes have hundreds or thousands of entries
 * against a few for each new class, which biases a k-NN vote towards the trained classes, while
 * each class has exactly one centroid.
 */
public final class NewClassExperiment {
  private NewClassExperiment() {}

  /**
   * One feature extractor's scores on the experiment's gallery and queries.
   *
   * @param knn k-NN vote over all test images
   * @param centroid nearest centroid over all test images
   * @param closedSetAccuracy trained-class test images by k-NN against a gallery of trained classes
   *     only
   */
  public record Scores(EvalReport knn, EvalReport centroid, double closedSetAccuracy) {}

  /**
   * @param model the trained model's scores
   * @param pixels the raw-pixel baseline's scores on the same gallery and queries
   */
  public record Result(
      List<String> trainedClasses,
      List<String> newClasses,
      int shots,
      Scores model,
      Scores pixels,
      double trainSeconds,
      Path modelDir,
      Path galleryDir) {}

  /**
   * Runs the experiment, writing {@code outDir/model} and {@code outDir/gallery}.
   *
   * @param config training options; its held-out class names are set to {@code newClasses}
   * @param optionNames how the trainer's advice names options ({@link EmbeddingTrainer})
   * @throws IllegalArgumentException if a new class is not in {@code train}
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
      boolean terminal,
      UnaryOperator<String> optionNames)
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
    if (c.validation().keepBest()) {
      throw new InvalidOptionException(
          "{keepBest} would choose the epoch by the classes this experiment reports as new;"
              + " choose it on held-out training classes with train instead");
    }
    long t0 = System.nanoTime();
    new EmbeddingTrainer(c, progress, terminal, optionNames)
        .train(train, dataDescription, modelDir, false);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;

    ImageSet oldClasses = train.withoutClasses(newClasses);
    ImageSet newShots =
        StratifiedSplit.takePerClass(train.withClasses(newClasses), shots, seed).first();
    ImageSet enrolled = oldClasses.concat(newShots);
    int trainedEntries = oldClasses.size(); // the trained classes come first in the enrolled set
    Scores model;
    Scores pixels;
    try (EmbeddingModel m = EmbeddingModel.load(modelDir);
        Embedder embedder = m.newEmbedder();
        LuceneGallery gallery = LuceneGallery.create(galleryDir, m.fingerprint(), m.dimension())) {
      float[][] enrolledVectors = embedder.embed(enrolled);
      gallery.add(GalleryEntry.of(enrolled, enrolledVectors));
      model =
          score(gallery, enrolled, enrolledVectors, trainedEntries, test, embedder.embed(test), k);
      pixels =
          score(
              null,
              enrolled,
              PixelBaseline.embed(enrolled, m.inputShape()),
              trainedEntries,
              test,
              PixelBaseline.embed(test, m.inputShape()),
              k);
    }
    return new Result(
        oldClasses.classes(),
        List.copyOf(newClasses),
        shots,
        model,
        pixels,
        trainSeconds,
        modelDir,
        galleryDir);
  }

  /**
   * Scores queries against the enrolled vectors: through {@code gallery} when given (the written
   * gallery, as prediction uses it), else an exact in-memory index of the same vectors.
   */
  private static Scores score(
      VectorSearch gallery,
      ImageSet enrolled,
      float[][] enrolledVectors,
      int trainedEntries,
      ImageSet test,
      float[][] queries,
      int k) {
    VectorSearch index =
        gallery != null ? gallery : ExactIndex.of(enrolled.labels(), enrolledVectors);
    EvalReport knn =
        Evaluation.evaluate(
            Classifier.of(Classifier.Mode.KNN, index, k, Float.NEGATIVE_INFINITY),
            queries,
            test.labels());
    EvalReport centroid =
        Evaluation.evaluate(
            Classifier.of(Classifier.Mode.CENTROID, index, k, Float.NEGATIVE_INFINITY),
            queries,
            test.labels());
    ExactIndex closedIndex =
        ExactIndex.of(
            enrolled.labels().subList(0, trainedEntries),
            Arrays.copyOfRange(enrolledVectors, 0, trainedEntries));
    List<String> trained = closedIndex.labels().stream().distinct().toList();
    List<float[]> q = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      if (trained.contains(test.label(i))) {
        q.add(queries[i]);
        labels.add(test.label(i));
      }
    }
    double closed =
        Evaluation.evaluate(
                Classifier.of(Classifier.Mode.KNN, closedIndex, k, Float.NEGATIVE_INFINITY),
                q.toArray(new float[0][]),
                labels)
            .accuracy();
    return new Scores(knn, centroid, closed);
  }
}
