package org.arcmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The top-level help shows one whole sentence per command, never a line cut mid-sentence; a
 * misspelt command or option is answered with the nearest names.
 */
class TopLevelHelpTest {
  @Test
  void everyCommandIsSummedUpInOneSentence() {
    CommandLine cli =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    assertThat(cli.getSubcommands()).isNotEmpty();
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              CommandLine.Model.UsageMessageSpec u = sub.getCommandSpec().usageMessage();
              String[] summary = u.header().length > 0 ? u.header() : u.description();
              assertThat(summary).as(name).isNotEmpty();
              assertThat(summary[0].strip()).as(name).endsWith(".");
            });
    CliFixture.Run help = CliFixture.run("--help");
    assertThat(help.out()).doesNotContain("every metric:").doesNotContain("follows\n");
  }

  @Test
  void aMisspeltCommandOrOptionIsAnsweredWithTheNearestName() {
    CliFixture.Run command = CliFixture.run("enrol", "--model", "m");
    assertThat(command.code()).isEqualTo(2);
    assertThat(command.err())
        .contains("'enrol'", "Did you mean", "enroll", "Try 'arcmetric --help'");
    CliFixture.Run option = CliFixture.run("train", "--data", "d", "--out", "m", "--epoch", "3");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("--epoch", "Possible solutions: --epochs");
  }
}
