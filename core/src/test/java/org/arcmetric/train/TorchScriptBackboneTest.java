package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.NormalizationPreset;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.features.FeatureChoice;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.features.FeatureTap;
import org.arcmetric.loss.MarginHead;
import org.arcmetric.model.BackboneRef;
import org.arcmetric.model.EmbeddingNetwork;
import org.arcmetric.model.ModelFolder;
import org.arcmetric.model.ModelInfo;
import org.arcmetric.model.ModelSpec;
import org.arcmetric.options.DataException;
import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript backbone (the committed fixture {@code tiny-backbone.pt}: two convolutions with
 * BatchNorm, pooled to 16 features; {@code make_fixtures.py} beside it writes it) trained under the
 * projection and a head: frozen epochs leave it exactly as loaded, unfrozen ones change it, the
 * model folder holds it whole, and bad files are refused with what is wrong.
 */
class TorchScriptBackboneTest {
  private static final InputShape RGB16 = InputShape.square(3, 16);
  @TempDir Path tmp;
  final ImageSet data = Synthetic.stripes(4, 20, 16, 1).resizedTo(RGB16);
  final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  static Path fixture(String name) throws Exception {
    return Path.of(TorchScriptBackboneTest.class.getResource("/torchscript/" + name).toURI());
  }

  Path copyOfFixture() throws Exception {
    Path copy = tmp.resolve("backbone.pt");
    Files.copy(fixture("tiny-backbone.pt"), copy);
    return copy;
  }

  TrainConfig.Builder config(Path backbone, int epochs, int frozen) {
    return TrainConfig.builder()
        .setInputShape(RGB16)
        .optBackbone(BackboneRef.TorchScript.of(backbone))
        .optNormalization(NormalizationPreset.UNIT.forChannels(3))
        .optEmbeddingDim(8)
        .optEpochs(epochs)
        .optFreezeBackboneEpochs(frozen)
        .optBatchSize(16)
        .optLearningRate(0.01f)
        .optAugmentation(Augmentation.NONE)
        .optValFraction(0.2)
        .optValClasses(1)
        .optValShots(3)
        .optSeed(5);
  }

  TrainResult train(TrainConfig c, Path out, boolean resume) throws Exception {
    return new EmbeddingTrainer(c, new PrintStream(progress, true), false)
        .train(data, "stripes", out, resume);
  }

  /** The backbone's parameters by TorchScript name, copied out. */
  static Map<String, float[]> parameters(Block backbone) {
    Map<String, float[]> p = new HashMap<>();
    for (var e : backbone.getParameters()) {
      Parameter param = e.getValue();
      p.put(e.getKey(), param.getArray().toFloatArray());
    }
    return p;
  }

  /** The fixture's own parameters, as loaded from its file. */
  static Map<String, float[]> fixtureParameters() throws Exception {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      return parameters(BackboneRef.TorchScript.of(fixture("tiny-backbone.pt")).build(RGB16, m));
    }
  }

  /** The saved model's backbone parameters. */
  static Map<String, float[]> savedParameters(Path dir) throws Exception {
    ModelInfo info = ModelFolder.readInfo(dir);
    try (Model m = ModelFolder.loadEmbeddingModel(dir, info)) {
      return parameters(((EmbeddingNetwork) m.getBlock()).backbone());
    }
  }

  /** The fixture's pooled features in inference mode on {@code x / 255}, L2-normalised. */
  float[][] fixtureFeatures(ImageSet images) throws Exception {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Block b = BackboneRef.TorchScript.of(fixture("tiny-backbone.pt")).build(RGB16, m);
      float[] flat = new float[images.size() * RGB16.values()];
      for (int i = 0; i < images.size(); i++) {
        byte[] px = images.pixels(i);
        for (int j = 0; j < px.length; j++) {
          flat[i * px.length + j] = (px[j] & 0xff) / 255f;
        }
      }
      NDArray x = m.create(flat, new Shape(images.size(), 3, 16, 16));
      NDArray out =
          MarginHead.normalize(
              b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow());
      float[][] v = new float[images.size()][];
      float[] all = out.toFloatArray();
      int f = all.length / images.size();
      for (int i = 0; i < v.length; i++) {
        v[i] = Arrays.copyOfRange(all, i * f, (i + 1) * f);
      }
      return v;
    }
  }

  static float[][] pooled(Path dir, ImageSet images) throws Exception {
    try (EmbeddingModel model = EmbeddingModel.load(dir, FeatureSpec.of(FeatureTap.POOLED, null));
        Embedder e = model.newEmbedder()) {
      return e.embed(images);
    }
  }

  static double maxDifference(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }

  static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
    assertThat(a.keySet()).isEqualTo(b.keySet());
    double max = 0;
    for (String k : a.keySet()) {
      float[] x = a.get(k);
      float[] y = b.get(k);
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  @Test
  void frozenEpochsLeaveTheBackboneAsLoadedAndUnfrozenOnesChangeIt() throws Exception {
    Path file = copyOfFixture();
    ImageSet probe = data.subset(new int[] {0, 25, 50, 75});

    Path frozen = tmp.resolve("frozen");
    train(config(file, 1, 1).build(), frozen, false);
    // weights and BatchNorm statistics: the same parameters, and the same pooled features
    assertThat(maxDifference(savedParameters(frozen), fixtureParameters())).isZero();
    assertThat(maxDifference(pooled(frozen, probe), fixtureFeatures(probe))).isLessThan(1e-6);
    assertThat(progress.toString()).contains("backbone frozen for epochs 1-1");

    Path thawed = tmp.resolve("thawed");
    train(config(file, 2, 1).build(), thawed, false);
    assertThat(progress.toString()).contains("backbone unfrozen from epoch 2");
    assertThat(maxDifference(savedParameters(thawed), fixtureParameters())).isGreaterThan(1e-4);
    assertThat(maxDifference(pooled(thawed, probe), fixtureFeatures(probe))).isGreaterThan(1e-4);

    ModelInfo info = ModelFolder.readInfo(thawed);
    assertThat(info.backbone()).isEqualTo("torchscript");
    assertThat(info.backboneFile().features()).isEqualTo(16);
    assertThat(info.backboneFile().sha256()).isEqualTo(ModelFolder.fingerprint(file));
    assertThat(info.training().optimisation().freezeBackboneEpochs()).isEqualTo(1);
  }

  @Test
  void theModelFolderHoldsTheBackboneWholeAndRefusesChangedWeights() throws Exception {
    Path file = copyOfFixture();
    Path out = tmp.resolve("model");
    train(config(file, 1, 0).build(), out, false);
    float[][] before;
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder()) {
      before = e.embed(data);
    }
    Files.delete(file);
    try (EmbeddingModel m = EmbeddingModel.load(out);
        Embedder e = m.newEmbedder()) {
      assertThat(m.dimension()).isEqualTo(8);
      assertThat(maxDifference(e.embed(data), before)).isZero();
    }
    Path weights = out.resolve(ModelFolder.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length / 2] ^= 1;
    Files.write(weights, bytes);
    assertThatThrownBy(() -> EmbeddingModel.load(out))
        .hasMessageContaining("holds the TorchScript backbone")
        .hasMessageContaining("does not match the fingerprint");
    Files.delete(weights);
    assertThatThrownBy(() -> EmbeddingModel.load(out))
        .hasMessageContaining("holds the TorchScript backbone")
        .hasMessageContaining("is missing");
  }

  @Test
  void saveThenLoadGivesIdenticalEmbeddings() throws Exception {
    ModelSpec spec =
        new ModelSpec(
            BackboneRef.TorchScript.of(fixture("tiny-backbone.pt")),
            8,
            RGB16,
            NormalizationPreset.UNIT.forChannels(3));
    Shape in = new Shape(5, 3, 16, 16);
    float[] before;
    float[] input;
    Path dir = tmp.resolve("saved");
    Files.createDirectories(dir);
    try (Model model = Model.newInstance("net")) {
      EmbeddingNetwork net = EmbeddingNetwork.build(spec, model.getNDManager());
      model.setBlock(net);
      net.initialize(model.getNDManager(), DataType.FLOAT32, in);
      NDArray x = model.getNDManager().randomUniform(0, 1, in);
      input = x.toFloatArray();
      before =
          net.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      model.save(dir, "net");
    }
    try (Model model = Model.newInstance("net")) {
      model.setBlock(EmbeddingNetwork.build(spec.forLoading(), model.getNDManager()));
      model.load(dir, "net");
      NDArray x = model.getNDManager().create(input, in);
      float[] after =
          model
              .getBlock()
              .forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      assertThat(after).containsExactly(before);
    }
  }

  @Test
  void aResumedRunNeedsTheSameFileAndContinues() throws Exception {
    Path file = copyOfFixture();
    Path out = tmp.resolve("model");
    train(config(file, 1, 1).build(), out, false);
    assertThatThrownBy(() -> train(config(fixture("tiny-unpooled.pt"), 2, 1).build(), out, true))
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("backbone");
    TrainResult r = train(config(file, 2, 1).build(), out, true);
    assertThat(r.epochs()).hasSize(1);
    assertThat(r.epochs().get(0).epoch()).isEqualTo(2);
    assertThat(progress.toString()).contains("backbone unfrozen from epoch 2");
    assertThat(maxDifference(savedParameters(out), fixtureParameters())).isGreaterThan(1e-4);
  }

  @Test
  void badFilesAreRefusedWithWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> BackboneRef.parse("torchscript:" + tmp.resolve("none.pt")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("none.pt does not exist");
    assertThatThrownBy(() -> BackboneRef.parse("torchscript"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("torchscript:FILE");

    Path text = Files.writeString(tmp.resolve("notes.pt"), "not a model");
    Path truncated = tmp.resolve("truncated.pt");
    byte[] whole = Files.readAllBytes(fixture("tiny-backbone.pt"));
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 3));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      assertThatThrownBy(() -> BackboneRef.TorchScript.of(text).build(RGB16, m))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("notes.pt is not a TorchScript file");
      assertThatThrownBy(() -> BackboneRef.TorchScript.of(truncated).build(RGB16, m))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("truncated.pt could not be loaded as TorchScript");

      Block unpooled = BackboneRef.TorchScript.of(fixture("tiny-unpooled.pt")).build(RGB16, m);
      assertThatThrownBy(() -> BackboneRef.featureCount(unpooled, RGB16, "unpooled"))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("gave (1, 16, 8, 8)")
          .hasMessageContaining("not (1, F)");
      Block tiny = BackboneRef.TorchScript.of(fixture("tiny-backbone.pt")).build(RGB16, m);
      assertThat(BackboneRef.featureCount(tiny, RGB16, "tiny")).isEqualTo(16);
      assertThatThrownBy(() -> BackboneRef.featureCount(tiny, InputShape.square(1, 16), "tiny"))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("expected input[1, 1, 16, 16] to have 3 channels")
          .hasMessageContaining("set channels and imageSize");
    }
  }

  @Test
  void optionsThatCannotWorkWithATorchScriptBackboneAreRefused() throws Exception {
    Path file = copyOfFixture();
    assertThatThrownBy(() -> config(file, 1, 0).optFeatures(FeatureTap.STAGES).build())
        .hasMessageContaining("features stages needs a built-in backbone");
    assertThatThrownBy(
            () -> config(file, 1, 0).optFeatures(FeatureChoice.parse("pooled+zca")).build())
        .hasMessageContaining("features +zca on a TorchScript backbone's pooled output")
        .hasMessageContaining("use embedding+zca or pooled+cl2n");
    assertThatThrownBy(() -> config(file, 2, 3).build())
        .hasMessageContaining("freezeBackboneEpochs must be between 0 and epochs");
    assertThatThrownBy(() -> config(file, 1, 0).optBackboneLrFactor(0).build())
        .hasMessageContaining("backboneLrFactor must be in");
    assertThatThrownBy(() -> NormalizationPreset.IMAGENET.forChannels(1))
        .hasMessageContaining("set channels 3");
    assertThat(NormalizationPreset.explicit(new float[] {0.5f}, new float[] {0.25f}, 3).std())
        .containsExactly(0.25f, 0.25f, 0.25f);
    assertThatThrownBy(
            () -> NormalizationPreset.explicit(new float[] {0, 0}, new float[] {1, 1}, 3))
        .hasMessageContaining("inputMean has 2 values");
  }
}
