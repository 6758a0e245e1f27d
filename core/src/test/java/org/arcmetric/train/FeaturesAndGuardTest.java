package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.features.FeatureTap;
import org.arcmetric.features.Whitening;
import org.arcmetric.model.Convergence;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convergence guard on runs that can and cannot learn, and the feature taps of a model. */
class FeaturesAndGuardTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  TrainConfig.Builder config(int epochs) {
    return TrainConfig.builder()
        .setInputShape(InputShape.square(1, 16))
        .optEmbeddingDim(16)
        .optEpochs(epochs)
        .optBatchSize(16)
        .optAugmentation(Augmentation.NONE)
        .optValFraction(0.25)
        .optSeed(3);
  }

  TrainResult train(TrainConfig c, ImageSet data, Path out) throws Exception {
    return new EmbeddingTrainer(c, new PrintStream(progress, true), false)
        .train(data, "synthetic", out, false);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> convergence(ModelInfo info) {
    return ModelFolder.JSON.convertValue(info.training().run().convergence(), Map.class);
  }

  @Test
  void theGuardFiresOnShuffledLabelsAndStaysSilentOnLearnableData() throws Exception {
    ImageSet real = Synthetic.glyphs(6, 40, 16, 1);
    List<String> labels = new ArrayList<>(real.labels());
    Collections.shuffle(labels, new Random(5));
    List<String> sources = new ArrayList<>();
    List<byte[]> px = new ArrayList<>();
    for (int i = 0; i < real.size(); i++) {
      sources.add(real.source(i));
      px.add(real.pixels(i));
    }
    ImageSet shuffled = new ImageSet(real.shape(), labels, sources, px);

    TrainResult bad = train(config(2).build(), shuffled, tmp.resolve("shuffled"));
    Map<String, Object> c = convergence(bad.info());
    assertThat(c.get("status")).isIn(Convergence.NEAR_CHANCE, Convergence.BELOW_BASELINE);
    assertThat(((Number) c.get("val_accuracy")).doubleValue()).isLessThan(0.45);
    assertThat(progress.toString()).contains("arcmetric: warning: epoch 2: validation accuracy");
    // epoch 1 ran inside the learning-rate warm-up (1 epoch by default): recorded, not warned
    assertThat(bad.epochs().get(0).convergence()).isEqualTo(Convergence.WARMING_UP);
    assertThat(progress.toString()).doesNotContain("warning: epoch 1:");
    assertThat(bad.epochs().get(1).pixelBaselineValAccuracy()).isNotNull();

    progress.reset();
    TrainResult good = train(config(4).build(), real, tmp.resolve("real"));
    assertThat(convergence(good.info()).get("status"))
        .as(convergence(good.info()).toString())
        .isEqualTo(Convergence.OK);
    assertThat(good.epochs().get(3).convergence()).isEqualTo(Convergence.OK);
    assertThat(progress.toString()).doesNotContain("warning");
  }

  @Test
  void pooledCl2nFeaturesAreRecordedLoadedAndFingerprinted() throws Exception {
    ImageSet data = Synthetic.stripes(4, 20, 16, 2);
    Path out = tmp.resolve("model");
    TrainResult r =
        train(config(1).optFeatures(FeatureTap.POOLED).optCentre(true).build(), data, out);
    FeatureSpec f = r.info().featureSpec();
    assertThat(f.featureTap()).isEqualTo(FeatureTap.POOLED);
    assertThat(f.centre()).hasSize(128); // resnet-small pools 128 channels
    assertThat(r.info().training().features().label()).isEqualTo("pooled+cl2n");
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder();
        EmbeddingModel plain = EmbeddingModel.load(out, FeatureSpec.DEFAULT);
        Embedder pe = plain.newEmbedder();
        EmbeddingModel raw = EmbeddingModel.load(out, f.withCentre(null));
        Embedder re = raw.newEmbedder()) {
      assertThat(m.dimension()).isEqualTo(128);
      assertThat(plain.dimension()).isEqualTo(16);
      // three kinds of vectors, three fingerprints: a gallery of one refuses the others
      assertThat(plain.fingerprint()).isEqualTo(r.info().fingerprint());
      assertThat(raw.fingerprint()).isEqualTo(r.info().fingerprint() + "#pooled");
      assertThat(m.fingerprint()).startsWith(r.info().fingerprint() + "#pooled+cl2n:");
      float[] v = e.embed(data.pixels(0));
      float[] u = re.embed(data.pixels(0));
      assertThat(pe.embed(data.pixels(0))).hasSize(16);
      // CL2N by hand: (u − μ) / ‖u − μ‖
      double sq = 0;
      float[] expect = new float[u.length];
      for (int i = 0; i < u.length; i++) {
        expect[i] = u[i] - f.centre()[i];
        sq += expect[i] * expect[i];
      }
      for (int i = 0; i < u.length; i++) {
        assertThat(v[i]).isCloseTo((float) (expect[i] / Math.sqrt(sq)), within(1e-5f));
      }
      // μ is the mean of the training images' uncentred pooled vectors (a sample of all of them)
      float[][] all = re.embed(data);
      double norm = 0;
      for (int i = 0; i < u.length; i++) {
        double mean = 0;
        for (float[] row : all) {
          mean += row[i];
        }
        mean /= all.length;
        norm += mean * mean;
        assertThat(f.centre()[i]).isBetween(-1f, 1f);
      }
      assertThat(Math.sqrt(norm)).isGreaterThan(0.1); // ReLU features share a large mean
    }
  }

  @Test
  void theDefaultFeaturesAreTheEmbeddingWhitenedOnTheTrainingImages() throws Exception {
    ImageSet data = Synthetic.stripes(4, 20, 16, 2);
    Path out = tmp.resolve("zca");
    TrainConfig config = config(1).build();
    TrainResult r = train(config, data, out);
    FeatureSpec f = r.info().featureSpec();
    assertThat(f.featureTap()).isEqualTo(FeatureTap.EMBEDDING);
    assertThat(f.centre()).hasSize(16);
    assertThat(f.whitening()).hasSize(16 * 16);
    assertThat(r.info().training().features().label()).isEqualTo("embedding+zca");
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder();
        EmbeddingModel raw = EmbeddingModel.load(out, FeatureSpec.DEFAULT);
        Embedder re = raw.newEmbedder()) {
      assertThat(m.fingerprint()).startsWith(r.info().fingerprint() + "#embedding+zca:");
      assertThat(m.fingerprint())
          .isNotEqualTo(
              r.info().fingerprint()
                  + "#embedding+cl2n:"
                  + m.fingerprint().substring(m.fingerprint().indexOf(':', 8) + 1));
      float[][] u = re.embed(data);
      // μ and W are those of the training images' plain embeddings (a sample of the training
      // split: here all of it)
      ImageSet split = RunPlan.of(data, config).train();
      float[][] trained = re.embed(split);
      float[] mu = Whitening.mean(trained);
      // at the default shrinkage and between-class weight (β = 0.3: the labels count)
      float[] w =
          Whitening.zca(trained, split.labels(), mu, 0.01, Whitening.DEFAULT_BETWEEN_WEIGHT);
      float[] mean = f.centre();
      for (int i = 0; i < 16; i++) {
        assertThat(mean[i]).isCloseTo(mu[i], within(0.05f));
      }
      // the embedder's output is W (u − μ) / ‖W (u − μ)‖ with the stored μ and W
      float[] v = e.embed(data.pixels(0));
      float[] expect =
          FeatureSpec.whitened(FeatureTap.EMBEDDING, f.centre(), f.whitening()).apply(u[0].clone());
      assertThat(v).containsExactly(expect, within(1e-5f));
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(norm).isCloseTo(1, within(1e-5));
      assertThat(f.whitening()).containsExactly(w, within(1e-3f));
      assertThat(r.info().training().features().zcaShrinkage()).isEqualTo(0.01);
    }
  }

  @Test
  void theZcaShrinkageIsTheOneAskedForAndModelJsonRecordsIt() throws Exception {
    ImageSet data = Synthetic.stripes(4, 20, 16, 2);
    Path out = tmp.resolve("zca1");
    TrainConfig config = config(1).optZcaShrinkage(1.0).build();
    TrainResult r = train(config, data, out);
    FeatureSpec f = r.info().featureSpec();
    assertThat(r.info().training().features().zcaShrinkage()).isEqualTo(1.0);
    assertThat(ModelFolder.readInfo(out).training().features().zcaShrinkage()).isEqualTo(1.0);
    try (EmbeddingModel raw = EmbeddingModel.load(out, FeatureSpec.DEFAULT);
        Embedder re = raw.newEmbedder()) {
      ImageSet split = RunPlan.of(data, config).train();
      float[][] u = re.embed(split);
      float[] mu = Whitening.mean(u);
      double beta = Whitening.DEFAULT_BETWEEN_WEIGHT;
      assertThat(f.whitening())
          .containsExactly(Whitening.zca(u, split.labels(), mu, 1.0, beta), within(1e-3f));
      // shrunk 100 times harder than the default: the matrix is not the default one
      float[] atDefault = Whitening.zca(u, split.labels(), mu, 0.01, beta);
      double diff = 0;
      for (int i = 0; i < atDefault.length; i++) {
        diff = Math.max(diff, Math.abs(atDefault[i] - f.whitening()[i]));
      }
      assertThat(diff).isGreaterThan(0.1);
    }
    // not whitened: refused, naming both fields
    assertThatThrownBy(() -> config(1).optCentre(true).optZcaShrinkage(1.0).build())
        .hasMessageContaining("zcaShrinkage applies to whitened features");
  }

  @Test
  void keepBestShipsTheEpochThatPlacedHeldOutClassesBest() throws Exception {
    ImageSet data = Synthetic.shiftedStripes(6, 24, 16, 4);
    Path out = tmp.resolve("best");
    TrainResult r =
        train(config(3).optValClasses(2).optValShots(3).optKeepBest(true).build(), data, out);
    int kept = r.info().training().run().keptEpoch();
    assertThat(kept).isBetween(1, 3);
    double best = -1;
    int bestEpoch = 0;
    for (int e = 0; e < r.epochs().size(); e++) {
      double v = r.epochs().get(e).valNewClassCentroidAccuracy();
      if (v > best) {
        best = v;
        bestEpoch = e + 1;
      }
    }
    assertThat(kept).isEqualTo(bestEpoch);
    // model.json's metrics are those of the kept epoch, and its weights are the kept ones
    assertThat(r.info().metrics().valNewClassCentroidAccuracy()).isEqualTo(best);
    assertThat(out.resolve(BestEpoch.PARAMS)).exists();
    assertThat(r.epochs().get(2).bestEpoch()).isEqualTo(kept);
    assertThat(Assertions.catchThrowable(() -> config(1).optKeepBest(true).build()))
        .hasMessageContaining(
            "keepBest needs held-out classes to choose the epoch by: add valClasses");
  }
}
