package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.features.FeatureChoice;
import org.arcmetric.features.FeatureTap;
import org.arcmetric.loss.LossConfig;
import org.arcmetric.model.Backbone;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTrainerTest {
  @TempDir Path tmp;
  final ImageSet data = Synthetic.stripes(5, 24, 16, 1);
  final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  TrainConfig.Builder config(int epochs) {
    return TrainConfig.builder()
        .setInputShape(InputShape.square(1, 16))
        .optEmbeddingDim(16)
        .optLoss(LossConfig.arcface())
        .optEpochs(epochs)
        .optBatchSize(16)
        .optAugmentation(Augmentation.NONE)
        .optValFraction(0.2)
        .optValClasses(1)
        .optValShots(3)
        .optSeed(3);
  }

  TrainResult train(TrainConfig c, Path out, boolean resume) throws Exception {
    return new EmbeddingTrainer(c, new PrintStream(progress, true), false)
        .train(data, "synthetic", out, resume);
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesACompleteModelFolderThatLoadsToTheSameEmbeddings() throws Exception {
    Path out = tmp.resolve("model");
    TrainResult r = train(config(2).build(), out, false);

    ModelInfo info = ModelFolder.readInfo(out);
    assertThat(info.backbone()).isEqualTo("resnet-small");
    assertThat(info.embeddingDim()).isEqualTo(16);
    assertThat(info.classes()).hasSize(4);
    assertThat(info.training().run().heldOutClasses()).isNotNull();
    assertThat(info.loss()).isEqualTo(LossConfig.arcface());
    assertThat(info.fingerprint())
        .startsWith("sha256:")
        .isEqualTo(ModelFolder.fingerprint(out.resolve(ModelFolder.WEIGHTS_FILE)));
    assertThat(info.metrics().valAccuracy()).isNotNull();
    assertThat(info.metrics().valNewClassAccuracy()).isNotNull();
    assertThat(info.metrics().trainLoss()).isNotNull();
    assertThat(info.metrics().meanTargetAngleDeg()).isNotNull();
    assertThat(info.metrics().meanNearestOtherAngleDeg()).isNotNull();
    // the files keep the snake-case keys earlier versions wrote
    assertThat(
            ModelFolder.JSON.readValue(
                Files.readAllLines(out.resolve(ModelFolder.LOG_FILE)).get(1), Map.class))
        .containsKeys(
            "epoch",
            "val_accuracy",
            "val_new_class_accuracy",
            "train_loss",
            "learning_rate",
            "images_per_second",
            "mean_target_angle_deg",
            "mean_nearest_other_angle_deg",
            "seconds");
    Map<?, ?> written =
        ModelFolder.JSON.readValue(out.resolve(ModelFolder.INFO_FILE).toFile(), Map.class);
    // format version 2: the recipe's records as they are, and what happened
    assertThat(written.get("format_version")).isEqualTo(2);
    Map<String, Object> training = (Map<String, Object>) written.get("training");
    assertThat(training).containsKeys("optimisation", "data", "validation", "features", "run");
    assertThat((Map<String, Object>) training.get("data")).containsKeys("source", "seed");
    assertThat((Map<String, Object>) training.get("optimisation"))
        .containsEntry("epochs", 2)
        .containsEntry("optimizer", "adam");
    assertThat((Map<String, Object>) training.get("run"))
        .containsKeys("train_images", "held_out_classes", "epochs_completed");
    assertThat(
            ModelFolder.JSON.readValue(out.resolve("checkpoints/latest.json").toFile(), Map.class))
        .containsKeys("epoch", "path", "backbone", "classes", "normalization_mean");
    assertThat(Files.readAllLines(out.resolve(ModelFolder.LOG_FILE))).hasSize(2);
    assertThat(out.resolve("checkpoints/latest.json")).exists();
    assertThat(r.epochs()).hasSize(2);
    assertThat(progress.toString()).contains("epoch 1/2", "img/s", "epoch 2: loss");

    float[][] first;
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder(7)) {
      first = e.embed(data);
      for (float[] v : first) {
        double n = 0;
        for (float x : v) {
          n += x * x;
        }
        assertThat(Math.sqrt(n)).isCloseTo(1.0, Assertions.within(1e-4));
      }
    }
    // copy only what prediction needs: model.json and the weights
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Files.copy(out.resolve(ModelFolder.INFO_FILE), copy.resolve(ModelFolder.INFO_FILE));
    Files.copy(out.resolve(ModelFolder.WEIGHTS_FILE), copy.resolve(ModelFolder.WEIGHTS_FILE));
    try (EmbeddingModel m = EmbeddingModel.load(copy);
        Embedder e = m.newEmbedder()) {
      float[][] again = e.embed(data);
      for (int i = 0; i < first.length; i++) {
        assertThat(again[i]).containsExactly(first[i], Assertions.within(1e-5f));
      }
    }
    // damaged weights are refused, never silently used
    byte[] w = Files.readAllBytes(copy.resolve(ModelFolder.WEIGHTS_FILE));
    w[w.length - 5] ^= 0x40;
    Files.write(copy.resolve(ModelFolder.WEIGHTS_FILE), w);
    assertThatThrownBy(() -> EmbeddingModel.load(copy))
        .hasMessageContaining("does not match the fingerprint");
  }

  @Test
  void theSameSeedGivesTheSameWeights() throws Exception {
    TrainResult a =
        train(config(1).optAugmentation(Augmentation.LIGHT).build(), tmp.resolve("a"), false);
    TrainResult b =
        train(config(1).optAugmentation(Augmentation.LIGHT).build(), tmp.resolve("b"), false);
    assertThat(b.info().fingerprint()).isEqualTo(a.info().fingerprint());
    TrainResult c =
        train(
            config(1).optAugmentation(Augmentation.LIGHT).optSeed(4).build(),
            tmp.resolve("c"),
            false);
    assertThat(c.info().fingerprint()).isNotEqualTo(a.info().fingerprint());
  }

  @Test
  void aNetworkTrainedOnMirroredImagesEmbedsEachWithItsMirror() throws Exception {
    TrainResult flipped =
        train(config(1).optAugmentation(Augmentation.STANDARD).build(), tmp.resolve("std"), false);
    assertThat(flipped.info().featureSpec().mirrored()).isTrue();
    // the centre and whitening are measured on the averaged vectors and stored with the flag
    assertThat(flipped.info().featureSpec().whitened()).isTrue();
    assertThat(ModelFolder.readInfo(tmp.resolve("std")).featureSpec().mirrored()).isTrue();
    try (EmbeddingModel m = EmbeddingModel.load(tmp.resolve("std"))) {
      assertThat(m.fingerprint()).endsWith("+mirror");
    }
    TrainResult shifted =
        train(config(1).optAugmentation(Augmentation.LIGHT).build(), tmp.resolve("light"), false);
    assertThat(shifted.info().featureSpec().mirrored()).isFalse();
  }

  @Test
  void resumeContinuesFromTheLastCheckpoint() throws Exception {
    Path out = tmp.resolve("model");
    train(config(1).build(), out, false);
    assertThatThrownBy(() -> train(config(1).build(), out, false))
        .hasMessageContaining("already holds a model")
        .hasMessageContaining("or add resume");
    TrainResult r = train(config(2).build(), out, true);
    assertThat(r.epochs()).hasSize(1);
    assertThat(r.epochs().get(0).epoch()).isEqualTo(2);
    assertThat(Files.readAllLines(out.resolve(ModelFolder.LOG_FILE))).hasSize(2);
    try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("epoch-002", "latest.json");
    }
    assertThatThrownBy(() -> train(config(2).build(), out, true))
        .hasMessageContaining("already trained 2 epochs");
    assertThatThrownBy(() -> train(config(3).optEmbeddingDim(8).build(), out, true))
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("embedding_dim");
  }

  @Test
  void aStopRequestEndsAtTheNextStepKeepingTheLastCheckpointToResumeFrom() throws Exception {
    Path out = tmp.resolve("model");
    StopRequest stop = new StopRequest();
    // asked for while epoch 2's summary is printed, after its checkpoint: epoch 3's first step ends
    OutputStream watching =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            if (toString(StandardCharsets.UTF_8).contains("epoch 2:")) {
              stop.request();
            }
          }
        };
    EmbeddingTrainer trainer =
        new EmbeddingTrainer(
            config(5).build(), new PrintStream(watching, true), false, f -> "--" + f, stop);
    assertThatThrownBy(() -> trainer.train(data, "synthetic", out, false))
        .isInstanceOfSatisfying(
            TrainingStoppedException.class, e -> assertThat(e.savedEpochs()).isEqualTo(2))
        .hasMessageContaining("training stopped on request at epoch 3 of 5, step 1;")
        .hasMessageContaining("the checkpoint of epoch 2 is kept in " + out.resolve("checkpoints"))
        .hasMessageContaining("--resume");
    assertThat(out.resolve(ModelFolder.INFO_FILE)).doesNotExist();
    assertThat(Files.readAllLines(out.resolve(ModelFolder.LOG_FILE))).hasSize(2);
    assertThat(stop.request()).as("asked once already").isFalse();

    TrainResult r = train(config(3).build(), out, true);
    assertThat(r.epochs()).extracting(e -> e.epoch()).containsExactly(3);
    assertThat(out.resolve(ModelFolder.INFO_FILE)).exists();

    // asked for before the first step: nothing to resume, nothing left behind
    StopRequest early = new StopRequest();
    early.request();
    Path other = tmp.resolve("other");
    assertThatThrownBy(
            () ->
                new EmbeddingTrainer(
                        config(2).build(), new PrintStream(progress, true), false, f -> f, early)
                    .train(data, "synthetic", other, false))
        .isInstanceOfSatisfying(
            TrainingStoppedException.class, e -> assertThat(e.savedEpochs()).isZero())
        .hasMessageContaining("at epoch 1 of 2, step 1; no epoch had finished");
    assertThat(other.resolve(ModelFolder.INFO_FILE)).doesNotExist();
  }

  @Test
  void aRotationHeadTrainsBesideAMarginHeadIsRecordedAndMustStayOnResume() throws Exception {
    Path out = tmp.resolve("model");
    TrainConfig c = config(1).optRotationHeadWeight(0.5f).optMarginWarmupEpochs(1).build();
    assertThat(c.experimental().rotationHead()).isTrue();
    TrainResult r = train(c, out, false);
    assertThat(r.epochs()).hasSize(1);
    assertThat(r.epochs().get(0).trainLoss()).isFinite();
    // the angle statistics of the class head are still measured through the rotation head
    assertThat(r.epochs().get(0).meanTargetAngleDeg()).isNotNull();
    ModelInfo info = ModelFolder.readInfo(out);
    assertThat(info.training().experimental().rotationHeadWeight()).isEqualTo(0.5f);
    assertThat(info.training().experimental().rotationLabels()).isFalse();
    // the shipped model is the embedding alone: it loads and embeds without the heads
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder(7)) {
      assertThat(e.embed(data)[0]).hasSize(16);
    }
    assertThatThrownBy(() -> train(config(2).build(), out, true))
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("rotation_head = true but this run has false");
    TrainResult more = train(config(2).optRotationHeadWeight(0.5f).build(), out, true);
    assertThat(more.epochs().get(0).epoch()).isEqualTo(2);
  }

  @Test
  void aWhitenedStemStartsFromThePatchWhiteningFiltersAndIsRecorded() throws Exception {
    Path out = tmp.resolve("model");
    TrainResult r = train(config(1).optWhitenStem(true).build(), out, false);
    assertThat(r.epochs().get(0).trainLoss()).isFinite();
    assertThat(ModelFolder.readInfo(out).training().optimisation().whitenStem()).isTrue();
    assertThatThrownBy(
            () ->
                config(1)
                    .optBackbone(
                        new org.arcmetric.model.BackboneRef.TorchScript(
                            tmp.resolve("b.pt"), "sha256:0"))
                    .optWhitenStem(true)
                    .build())
        .hasMessageContaining("whitenStem applies to a built-in backbone");
    // on by default for convnet-small only; a caller's choice wins
    InputShape colour = InputShape.square(3, 16);
    assertThat(config(1).setInputShape(colour).build().optimisation().whitenStem())
        .as("colour default convnet-small")
        .isTrue();
    assertThat(config(1).build().optimisation().whitenStem()).as("grey resnet-small").isFalse();
    assertThat(
            config(1)
                .setInputShape(colour)
                .optWhitenStem(false)
                .build()
                .optimisation()
                .whitenStem())
        .isFalse();
  }

  @Test
  void theIdentityStartTrainsConvnetSmallIsRecordedAndIsRefusedForOtherNetworks() throws Exception {
    Path out = tmp.resolve("model");
    TrainConfig dirac =
        config(1)
            .optBackbone(new org.arcmetric.model.BackboneRef.BuiltIn(Backbone.CONVNET_SMALL))
            .optDiracInit(true)
            .build();
    TrainResult r = train(dirac, out, false);
    assertThat(r.epochs().get(0).trainLoss()).isFinite();
    assertThat(ModelFolder.readInfo(out).training().optimisation().diracInit()).isTrue();
    // on by default for convnet-small only; a caller's choice wins
    InputShape colour = InputShape.square(3, 16);
    assertThat(config(1).setInputShape(colour).build().optimisation().diracInit())
        .as("colour default convnet-small")
        .isTrue();
    assertThat(config(1).build().optimisation().diracInit()).as("grey resnet-small").isFalse();
    assertThat(
            config(1).setInputShape(colour).optDiracInit(false).build().optimisation().diracInit())
        .isFalse();
    assertThatThrownBy(() -> config(1).optDiracInit(true).build())
        .hasMessageContaining("diracInit applies to the plain built-in network convnet-small")
        .hasMessageContaining("resnet-small");
  }

  @Test
  void labelSmoothingTrainsIsRecordedAndIsRefusedOutsideItsRangeOrForPairLosses() throws Exception {
    Path out = tmp.resolve("model");
    TrainResult r = train(config(1).optLabelSmoothing(0.2f).build(), out, false);
    assertThat(r.epochs().get(0).trainLoss()).isFinite();
    assertThat(ModelFolder.readInfo(out).training().experimental().labelSmoothing())
        .isEqualTo(0.2f);
    assertThatThrownBy(() -> config(1).optLabelSmoothing(1f).build())
        .hasMessageContaining("labelSmoothing must be in [0, 1), got 1.0");
    assertThatThrownBy(
            () ->
                config(1)
                    .optLoss(LossConfig.parse("triplet", java.util.Map.of()))
                    .optLabelSmoothing(0.1f)
                    .build())
        .hasMessageContaining("labelSmoothing applies to a classifying loss")
        .hasMessageContaining("triplet");
  }

  @Test
  void aRotationHeadIsRefusedWithRotationLabelsNonSquareImagesOrANegativeWeight() {
    assertThatThrownBy(() -> config(1).optRotationHeadWeight(-1f).build())
        .hasMessageContaining("rotationHeadWeight must be in [0, 100], got -1.0");
    assertThatThrownBy(() -> config(1).optRotationHeadWeight(1f).optRotationLabels(true).build())
        .hasMessageContaining("rotationHeadWeight and rotationLabels exclude each other");
    assertThatThrownBy(
            () ->
                config(1)
                    .setInputShape(new InputShape(1, 16, 24))
                    .optRotationHeadWeight(1f)
                    .build())
        .hasMessageContaining("needs square input images")
        .hasMessageContaining("16 × 24");
    assertThat(config(1).build().experimental().rotationHead()).isFalse();
  }

  @Test
  void divergenceStopsWithAClearMessageAndWritesNoModel() throws Exception {
    Path out = tmp.resolve("model");
    // s near the float32 maximum: s·cos θ spans ±3e38, log-softmax overflows to −∞, the loss to ∞
    // (no softmax warm start: the scale is what overflows, from the first step)
    TrainConfig c =
        config(2)
            .optLoss(new LossConfig.ArcFace(3e38f, 0.5f, false))
            .optSoftmaxWarmupEpochs(0)
            .build();
    assertThatThrownBy(() -> train(c, out, false))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at epoch 1")
        .hasMessageContaining("(learningRate, now");
    assertThat(out.resolve(ModelFolder.INFO_FILE)).doesNotExist();
  }

  @Test
  void theDefaultLossIsArcFaceWithItsWarmStartWithoutRotationLabels() {
    TrainConfig c = TrainConfig.builder().setInputShape(InputShape.square(1, 16)).build();
    assertThat(c.loss()).isEqualTo(LossConfig.defaultLoss());
    assertThat(c.loss()).isEqualTo(new LossConfig.ArcFace(30f, 0.5f, false));
    assertThat(c.softmaxWarmupEpochs(10)).isEqualTo(5f);
    assertThat(c.experimental().rotationLabels()).isFalse();
    assertThat(c.features()).isEqualTo(FeatureTap.EMBEDDING);
    assertThat(c.featureChoice().centred()).isTrue();
    assertThat(c.featureChoice().whitened()).isTrue();
    // the default whitening stores d × d values: above 512 the default is the plain embedding
    TrainConfig wide =
        TrainConfig.builder().setInputShape(InputShape.square(1, 16)).optEmbeddingDim(1024).build();
    assertThat(wide.featureChoice().whitened()).isFalse();
    assertThat(wide.featureChoice().centred()).isFalse();
    assertThatThrownBy(
            () ->
                TrainConfig.builder()
                    .setInputShape(InputShape.square(1, 16))
                    .optEmbeddingDim(1024)
                    .optWhiten(true)
                    .build())
        .hasMessageContaining("+zca whitens at most 512 features but embeddingDim is 1024");
    TrainConfig cl2n =
        TrainConfig.builder().setInputShape(InputShape.square(1, 16)).optCentre(true).build();
    assertThat(cl2n.featureChoice().centred()).isTrue();
    assertThat(cl2n.featureChoice().whitened()).isFalse();
    TrainConfig plain =
        TrainConfig.builder()
            .setInputShape(InputShape.square(1, 16))
            .optFeatures(FeatureChoice.parse("embedding"))
            .build();
    assertThat(plain.featureChoice().centred()).isFalse();
    assertThat(plain.featureChoice().whitened()).isFalse();
    // rotation labels need a classifying loss
    assertThatThrownBy(
            () ->
                TrainConfig.builder()
                    .setInputShape(InputShape.square(1, 16))
                    .optLoss(LossConfig.parse("triplet", Map.of()))
                    .optRotationLabels(true)
                    .build())
        .hasMessageContaining("rotation labels need a classifying loss");
  }

  @Test
  void badOptionsAreRefusedWithTheirNames() {
    assertThatThrownBy(() -> config(0).build())
        .hasMessageContaining("epochs must be at least 1, got 0");
    assertThatThrownBy(() -> config(1).optLearningRate(-1).build())
        .hasMessageContaining("learningRate must be a positive number");
    assertThatThrownBy(() -> config(1).optValFraction(1.5).build())
        .hasMessageContaining("valFraction must be in [0, 1)");
    assertThatThrownBy(() -> train(config(1).optValClasses(4).build(), tmp.resolve("m"), false))
        .hasMessageContaining("valClasses 4 leaves 1 classes");
    assertThatThrownBy(
            () ->
                train(
                    config(1).optValClasses(0).optValClassNames(List.of("nope")).build(),
                    tmp.resolve("m2"),
                    false))
        .hasMessageContaining("'nope' is not in the data");
  }
}
