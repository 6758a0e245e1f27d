package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.NormalizationPreset;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training above a frozen TorchScript backbone on its features computed once: the same model as
 * running the frozen backbone on every batch (the exact oracle), the features cached and read back
 * by the next run, the backbone untouched, and fine-tuning after the frozen epochs.
 */
class CachedFeaturesTrainingTest {
  private static final InputShape RGB16 = InputShape.square(3, 16);
  @TempDir Path tmp;
  final ImageSet data = Synthetic.stripes(4, 20, 16, 1).resizedTo(RGB16);

  TrainConfig config(int epochs, int frozen, int views, Augmentation aug) throws Exception {
    return TrainConfig.builder()
        .setInputShape(RGB16)
        .optBackbone(
            BackboneRef.TorchScript.of(TorchScriptBackboneTest.fixture("tiny-backbone.pt")))
        .optNormalization(NormalizationPreset.UNIT.forChannels(3))
        .optEmbeddingDim(8)
        .optEpochs(epochs)
        .optFreezeBackboneEpochs(frozen)
        .optFeatureViews(views)
        .optFeatureCacheDir(tmp.resolve("cache"))
        .optBatchSize(16)
        .optLearningRate(0.01f)
        .optAugmentation(aug)
        .optValFraction(0.2)
        .optSeed(5)
        .build();
  }

  String train(TrainConfig c, Path out) throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    new EmbeddingTrainer(c, new PrintStream(progress, true, StandardCharsets.UTF_8), false)
        .train(data, "stripes", out, false);
    return progress.toString(StandardCharsets.UTF_8);
  }

  static float[][] embed(Path dir, ImageSet images) throws Exception {
    try (EmbeddingModel m = EmbeddingModel.load(dir);
        Embedder e = m.newEmbedder()) {
      return e.embed(images);
    }
  }

  @Test
  void cachedFeaturesTrainTheSameModelAsTheFrozenBackboneOnEveryBatch() throws Exception {
    String said = train(config(3, 3, 1, Augmentation.NONE), tmp.resolve("cached"));
    assertThat(said).contains("computing its features of", "× 1 views once");
    train(config(3, 3, 0, Augmentation.NONE), tmp.resolve("every-batch"));
    double d =
        TorchScriptBackboneTest.maxDifference(
            embed(tmp.resolve("cached"), data), embed(tmp.resolve("every-batch"), data));
    assertThat(d).isLessThan(2e-4);
    ModelInfo info = ModelFolder.readInfo(tmp.resolve("cached"));
    assertThat(info.training().run().cachedFeatures().views()).isEqualTo(1);
    assertThat(info.training().run().cachedFeatures().epochs()).isEqualTo(3);
    assertThat(ModelFolder.readInfo(tmp.resolve("every-batch")).training().run().cachedFeatures())
        .isNull();
  }

  @Test
  void theNextRunReadsTheCacheAndTrainsTheSameModel() throws Exception {
    String first = train(config(2, 2, 3, Augmentation.LIGHT), tmp.resolve("a"));
    String second = train(config(2, 2, 3, Augmentation.LIGHT), tmp.resolve("b"));
    assertThat(first).contains("× 3 views once");
    assertThat(second).contains("read from").doesNotContain("computing its features");
    assertThat(
            TorchScriptBackboneTest.maxDifference(
                embed(tmp.resolve("a"), data), embed(tmp.resolve("b"), data)))
        .isLessThan(1e-6);
    assertThat(ModelFolder.readInfo(tmp.resolve("b")).training().run().cachedFeatures().seconds())
        .isZero();
    // the backbone shipped is the file's, untouched
    assertThat(
            TorchScriptBackboneTest.maxDifference(
                TorchScriptBackboneTest.savedParameters(tmp.resolve("a")),
                TorchScriptBackboneTest.fixtureParameters()))
        .isZero();
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void afterTheFrozenEpochsTheWholeNetworkFineTunes() throws Exception {
    String said = train(config(3, 1, 2, Augmentation.LIGHT), tmp.resolve("tuned"));
    assertThat(said).contains("× 2 views once", "backbone unfrozen from epoch 2");
    assertThat(
            TorchScriptBackboneTest.maxDifference(
                TorchScriptBackboneTest.savedParameters(tmp.resolve("tuned")),
                TorchScriptBackboneTest.fixtureParameters()))
        .isGreaterThan(1e-6);
    assertThat(
            ModelFolder.readInfo(tmp.resolve("tuned")).training().run().cachedFeatures().epochs())
        .isEqualTo(1);
  }
}
