package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.InputShape;
import org.arcmetric.train.DefaultRecipe;
import org.arcmetric.train.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** train's and serve's defaults live once, in core: the CLI writes none of its own. */
class TrainDefaultsTest {
  @Test
  void everyTrainDefaultComesFromTheCoreBuilder() {
    CommandLine cli =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine train = cli.getSubcommands().get("train");
    TrainDefaults provider = new TrainDefaults();
    int fromCore = 0;
    for (OptionSpec o : train.getCommandSpec().options()) {
      String core = provider.defaultValue(o);
      if (core == null) {
        continue;
      }
      fromCore++;
      assertThat(o.defaultValue()).as("%s has a literal default", o.longestName()).isNull();
      assertThat(o.defaultValueString()).as(o.longestName()).isEqualTo(core);
    }
    assertThat(fromCore).isGreaterThanOrEqualTo(15);
    // the augmentation and the optimisation follow the input and the network: their rules come
    // from core (Augmentation, DefaultRecipe), not a literal value
    for (String option :
        new String[] {"--augment", "--lr", "--optimizer", "--margin-warmup-epochs"}) {
      assertThat(provider.defaultValue(train.getCommandSpec().findOption(option)))
          .as(option)
          .isNull();
    }
    assertThat(String.join(" ", train.getCommandSpec().findOption("--augment").description()))
        .contains(Augmentation.DEFAULT_RULE);
    assertThat(String.join(" ", train.getCommandSpec().findOption("--optimizer").description()))
        .contains(DefaultRecipe.RULE);

    TrainConfig core = TrainConfig.builder().setInputShape(InputShape.square(1, 28)).build();
    assertThat(TrainDefaults.number(core.optimisation().learningRate())).isEqualTo("0.001");
    assertThat(TrainDefaults.number(core.optimisation().weightDecay())).isEqualTo("0.0005");
    CliFixture.Run help = CliFixture.run("train", "--help");
    assertThat(help.out())
        .contains("(default: 0.05 with sgd, 0.001 with adam and adamw)")
        .contains("Default: 64.");
  }

  @Test
  void everyServeDefaultComesFromTheServerOptionsBuilder() {
    CommandLine cli =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ServeDefaults provider = new ServeDefaults();
    int fromCore = 0;
    for (OptionSpec o : cli.getSubcommands().get("serve").getCommandSpec().options()) {
      String core = provider.defaultValue(o);
      if (core != null) {
        fromCore++;
        assertThat(o.defaultValue()).as("%s has a literal default", o.longestName()).isNull();
        assertThat(o.defaultValueString()).as(o.longestName()).isEqualTo(core);
      }
    }
    assertThat(fromCore).isEqualTo(9);
    assertThat(
            provider.defaultValue(
                cli.getSubcommands().get("serve").getCommandSpec().findOption("--body-timeout")))
        .isEqualTo("30");
  }
}
