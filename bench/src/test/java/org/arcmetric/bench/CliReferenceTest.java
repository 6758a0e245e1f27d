package org.arcmetric.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.arcmetric.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md, the command-line reference, is generated from the picocli annotations (each
 * command's own --help, hidden options left out): this test generates it and compares it with the
 * committed file, so the reference cannot drift from the code. After changing an option, run the
 * test with {@code -Darcmetric.regenerate=true} to write the file, and commit it. It lives in the
 * bench module, whose class path is the whole distribution (the command line with the benchmark
 * commands it finds at run time).
 */
class CliReferenceTest {
  static final Path REFERENCE = Path.of("..", "docs", "cli.md");

  static String generate() {
    CommandLine root =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    StringBuilder md = new StringBuilder();
    md.append("# Command-line reference\n\n")
        .append(
            "Generated from the code by `CliReferenceTest` (bench module): each command's `--help`.")
        .append(" Do not edit; change the option's annotation and regenerate with\n")
        .append("`mvn -pl bench test -Dtest=CliReferenceTest -Darcmetric.regenerate=true`.\n")
        .append(" Research options (`train -X KEY=VALUE`) are listed by `arcmetric train")
        .append(" --help-experimental`.\n\n");
    md.append("Commands: ");
    boolean first = true;
    for (String name : root.getSubcommands().keySet()) {
      md.append(first ? "" : ", ").append('`').append(name).append('`');
      first = false;
    }
    md.append(".\n\n");
    section(md, root, "arcmetric");
    return md.toString();
  }

  private static void section(StringBuilder md, CommandLine cl, String name) {
    StringWriter help = new StringWriter();
    cl.setUsageHelpWidth(100);
    cl.usage(new PrintWriter(help), CommandLine.Help.Ansi.OFF);
    md.append("## ")
        .append(name)
        .append("\n\n```text\n")
        .append(help.toString().stripTrailing())
        .append("\n```\n\n");
    for (var e : cl.getSubcommands().entrySet()) {
      // aliases (enroll / enrol) appear once, under their own name
      if (e.getValue().getCommandName().equals(e.getKey())) {
        section(md, e.getValue(), name + " " + e.getKey());
      }
    }
  }

  @Test
  void theCommittedReferenceIsWhatTheCodeSays() throws Exception {
    String now = generate();
    if (Boolean.getBoolean("arcmetric.regenerate")) {
      Files.writeString(REFERENCE, now, StandardCharsets.UTF_8);
    }
    assertThat(REFERENCE).exists();
    assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
        .as(
            "docs/cli.md is out of date: regenerate it with mvn -pl bench test"
                + " -Dtest=CliReferenceTest -Darcmetric.regenerate=true")
        .isEqualTo(now);
    assertThat(now)
        .contains(
            "## arcmetric train\n",
            "--config=FILE",
            "## arcmetric gallery calibrate",
            "## arcmetric bench-solr\n");
    assertThat(now).doesNotContain("--feature-views", "--decoded-cache");
  }
}
