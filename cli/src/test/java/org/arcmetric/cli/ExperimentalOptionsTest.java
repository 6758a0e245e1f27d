package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Research knobs stay available as -X KEY=VALUE, out of --help, warned about and recorded. */
class ExperimentalOptionsTest {
  @TempDir Path tmp;

  /**
   * Trains {@code model} on {@code data} with {@code extra}, which sets the research knob {@code
   * key} by -X; checks it ran and warned; returns model.json's {@code training.optimisation}.
   */
  private static JsonNode trainWarnedAbout(Path data, Path model, String key, String... extra)
      throws Exception {
    CliFixture.Run r = CliFixture.trainTiny(data, model, "8", extra);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("warning: experimental option " + key);
    return new ObjectMapper()
        .readTree(model.resolve("model.json").toFile())
        .path("training")
        .path("optimisation");
  }

  /** Two classes of six tiny grey images each. */
  private Path twoClasses() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "a", 0, 6, 1);
    CliFixture.writeImages(data, "b", 1, 6, 2);
    return data;
  }

  @Test
  void researchKnobsAreOutOfSightButListedOnRequest() {
    CliFixture.Run help = CliFixture.run("train", "--help");
    assertThat(help.out())
        .doesNotContain("--zca-shrinkage")
        .doesNotContain("--rotation-head-weight")
        .doesNotContain("--head-lr-factor")
        .contains("-X", "--help-experimental");
    CliFixture.Run list = CliFixture.run("train", "--help-experimental");
    assertThat(list.code()).isZero();
    for (String key : TrainCommand.EXPERIMENTAL) {
      assertThat(list.out()).contains("-X " + key + "=");
    }
  }

  @Test
  void anUnknownKeyOrABadValueIsAUsageError() throws Exception {
    Path data = tmp.resolve("data");
    CliFixture.writeImages(data, "a", 0, 4, 1);
    CliFixture.writeImages(data, "b", 1, 4, 2);
    CliFixture.Run unknown = CliFixture.trainTiny(data, tmp.resolve("m1"), "8", "-X", "nope=1");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("-X nope", "not an experimental option");
    CliFixture.Run bad =
        CliFixture.trainTiny(data, tmp.resolve("m2"), "8", "-X", "head-lr-factor=fast");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("head-lr-factor=fast", "float");
    assertThat(tmp.resolve("m1")).doesNotExist();
  }

  @Test
  void aKnobSetWithXIsWarnedAboutAndRecorded() throws Exception {
    Path data = twoClasses();
    JsonNode optimisation =
        trainWarnedAbout(data, tmp.resolve("m"), "head-lr-factor", "-X", "head-lr-factor=0.5");
    assertThat(optimisation.path("head_lr_factor").asDouble()).isEqualTo(0.5);
  }

  @Test
  void theSoftmaxWarmStartIsSetWithXAndRefusedForAHeadWithoutMargin() throws Exception {
    Path data = twoClasses();
    JsonNode optimisation =
        trainWarnedAbout(
            data,
            tmp.resolve("arc"),
            "softmax-warmup-epochs",
            "--loss",
            "arcface",
            "-X",
            "softmax-warmup-epochs=1");
    assertThat(optimisation.path("softmax_warmup_epochs").asDouble()).isEqualTo(1.0);
    // softmax has no cosine head to switch to
    CliFixture.Run plain =
        CliFixture.trainTiny(
            data, tmp.resolve("plain"), "8", "--loss", "softmax", "-X", "softmax-warmup-epochs=1");
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.err())
        .contains("-X softmax-warmup-epochs applies to margin heads, not to --loss softmax");
  }

  @Test
  void theIdentityStartIsRecordedForConvnetSmallAndRefusedForAResnet() throws Exception {
    Path data = twoClasses();
    JsonNode optimisation =
        trainWarnedAbout(
            data,
            tmp.resolve("plain-net"),
            "dirac-init",
            "--backbone",
            "convnet-small",
            "-X",
            "dirac-init=true");
    assertThat(optimisation.path("dirac_init").asBoolean()).isTrue();
    CliFixture.Run resnet =
        CliFixture.trainTiny(data, tmp.resolve("resnet"), "8", "-X", "dirac-init=true");
    assertThat(resnet.code()).isEqualTo(2);
    assertThat(resnet.err())
        .contains(
            "-X dirac-init applies to the plain built-in network convnet-small, not to"
                + " resnet-small");
    assertThat(tmp.resolve("resnet")).doesNotExist();
  }

  @Test
  void shiftedViewsAreRecordedInTheFeaturesAndTheirFingerprint() throws Exception {
    Path data = twoClasses();
    Path model = tmp.resolve("shifted");
    trainWarnedAbout(data, model, "shift-views", "-X", "shift-views=true");
    JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
    assertThat(info.path("features").path("shifts").asBoolean()).isTrue();
    assertThat(info.path("training").path("experimental").path("shift_views").asBoolean()).isTrue();
    CliFixture.Run plain = CliFixture.trainTiny(data, tmp.resolve("plain"), "8");
    assertThat(plain.code()).as(plain.err()).isZero();
    JsonNode plainInfo = new ObjectMapper().readTree(tmp.resolve("plain/model.json").toFile());
    assertThat(plainInfo.path("features").has("shifts")).isFalse();
    assertThat(plainInfo.path("training").path("experimental").has("shift_views")).isFalse();
  }

  @Test
  void lookaheadNesterovAndTheBatchNormRuleAreRecordedInTheTrainingsExperimentalBlock()
      throws Exception {
    Path data = twoClasses();
    Path model = tmp.resolve("averaged");
    JsonNode optimisation =
        trainWarnedAbout(
            data,
            model,
            "lookahead",
            "-X",
            "lookahead=true",
            "-X",
            "nesterov=true",
            "-X",
            "norm-bias-factor=64",
            "--optimizer",
            "sgd",
            "--lr",
            "0.05");
    assertThat(optimisation.path("optimizer").asText()).isEqualTo("sgd");
    JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
    JsonNode experimental = info.path("training").path("experimental");
    assertThat(experimental.path("lookahead").asBoolean()).isTrue();
    assertThat(experimental.path("nesterov").asBoolean()).isTrue();
    assertThat(experimental.path("norm_bias_factor").asDouble()).isEqualTo(64.0);
    CliFixture.Run adam =
        CliFixture.trainTiny(data, tmp.resolve("adam"), "8", "-X", "nesterov=true");
    assertThat(adam.code()).isEqualTo(2);
    assertThat(adam.err()).contains("-X nesterov", "--optimizer sgd");
    assertThat(tmp.resolve("adam")).doesNotExist();
    // the averaged weights are the model's: it loads and embeds
    CliFixture.Run evaluate =
        CliFixture.run(
            "evaluate",
            "--model",
            model.toString(),
            "--gallery-data",
            data.toString(),
            "--data",
            data.toString(),
            "--protocol",
            "closed",
            "--no-baseline",
            "--json");
    assertThat(evaluate.code()).as(evaluate.err()).isZero();
  }

  @Test
  void theBatchNormRuleNeedsNesterovsSgdAndAFactorOfAtLeastOne() throws Exception {
    Path data = twoClasses();
    CliFixture.Run plain =
        CliFixture.trainTiny(
            data, tmp.resolve("plain-sgd"), "8", "-X", "norm-bias-factor=64", "--optimizer", "sgd");
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.err()).contains("-X norm-bias-factor", "-X nesterov");
    assertThat(tmp.resolve("plain-sgd")).doesNotExist();
    CliFixture.Run below =
        CliFixture.trainTiny(data, tmp.resolve("below"), "8", "-X", "norm-bias-factor=0.5");
    assertThat(below.code()).isEqualTo(2);
    assertThat(below.err()).contains("-X norm-bias-factor", "[1, 1024]");
  }

  @Test
  void smallShiftsAreTheFlipShiftPresetAndRecordedAsIt() throws Exception {
    Path data = twoClasses();
    Path model = tmp.resolve("small");
    CliFixture.Run r =
        CliFixture.trainTinyAnyAugmentation(data, model, "8", "-X", "small-shifts=true");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("warning: experimental option small-shifts");
    JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
    assertThat(info.path("training").path("data").path("augmentation").asText())
        .isEqualTo("flip-shift");
    // the preset mirrors, so the model embeds with the mirror image, as standard's do
    assertThat(info.path("features").path("mirror").asBoolean()).isTrue();
    CliFixture.Run clash =
        CliFixture.trainTinyAnyAugmentation(
            data, tmp.resolve("clash"), "8", "--augment", "light", "-X", "small-shifts=true");
    assertThat(clash.code()).isEqualTo(2);
    assertThat(clash.err())
        .contains(
            "-X small-shifts=true is --augment flip-shift", "flip-shift or standard, not light");
    assertThat(tmp.resolve("clash")).doesNotExist();
    // what earlier scripts wrote, standard with the shifts, is the same preset
    Path both = tmp.resolve("both");
    CliFixture.Run standard =
        CliFixture.trainTinyAnyAugmentation(
            data, both, "8", "--augment", "standard", "-X", "small-shifts=true");
    assertThat(standard.code()).as(standard.err()).isZero();
    assertThat(
            new ObjectMapper()
                .readTree(both.resolve("model.json").toFile())
                .path("training")
                .path("data")
                .path("augmentation")
                .asText())
        .isEqualTo("flip-shift");
    // convnet-small's default preset is a public --augment value, without a warning
    Path direct = tmp.resolve("direct");
    CliFixture.Run named =
        CliFixture.trainTinyAnyAugmentation(data, direct, "8", "--augment", "flip-shift");
    assertThat(named.code()).as(named.err()).isZero();
    assertThat(named.err()).doesNotContain("warning: experimental");
    assertThat(
            new ObjectMapper()
                .readTree(direct.resolve("model.json").toFile())
                .path("training")
                .path("data")
                .path("augmentation")
                .asText())
        .isEqualTo("flip-shift");
  }

  @Test
  void theTrainersAdviceSpellsAResearchKnobAsItIsSet() {
    assertThat(Flags.trainFlag("softmaxWarmupEpochs")).isEqualTo("-X softmax-warmup-epochs");
    assertThat(Flags.trainFlag("marginWarmupEpochs")).isEqualTo("--margin-warmup-epochs");
    assertThat(Flags.trainFlag("learningRate")).isEqualTo("--lr");
    assertThat(Flags.flag("softmaxWarmupEpochs")).isEqualTo("--softmax-warmup-epochs");
  }
}
