package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.InputShape;
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
    assertThat(fromCore).isGreaterThanOrEqualTo(19);
    // the augmentation follows the input's channels: its rule comes from core, not a literal value
    assertThat(provider.defaultValue(train.getCommandSpec().findOption("--augment"))).isNull();
    assertThat(String.join(" ", train.getCommandSpec().findOption("--augment").description()))
        .contains(Augmentation.DEFAULT_RULE);

    TrainConfig core = TrainConfig.builder().setInputShape(InputShape.square(1, 28)).build();
    assertThat(TrainDefaults.number(core.optimisation().learningRate())).isEqualTo("0.001");
    assertThat(TrainDefaults.number(core.optimisation().weightDecay())).isEqualTo("0.0005");
    CliFixture.Run help = CliFixture.run("train", "--help");
    assertThat(help.out()).contains("(default: 0.001)").contains("Default: 64.");
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
