package org.arcmetric.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code arcmetric} command line. Exit codes: 0 success, 1 failure (one line on stderr; the
 * stack trace only with {@code -v}), 2 bad usage.
 */
@Command(
    name = "arcmetric",
    mixinStandardHelpOptions = true,
    version = "arcmetric 0.1.0",
    description = "Image classification by deep metric learning: train, enrol, predict.",
    footer = {
      "",
      "Also: spark-embed (bulk embedding as a Spark job; './arcmetric spark-embed --help', run from"
          + " the spark module's classpath)."
    },
    subcommands = {
      TrainCommand.class,
      EnrolCommand.class,
      PredictCommand.class,
      EvaluateCommand.class,
      EmbedCommand.class,
      ReportCommand.class,
      PlotCommand.class,
      GalleryCommand.class,
      DemoCommand.class,
      ServeCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** A command line wired with arcmetric's error handling, writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    // the commands of other modules on the class path (the benchmarks), then help, last
    for (Object command : MoreCommands.all()) {
      cl.addSubcommand(command);
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean verbose = Verbosity.isVerbose();
          PrintWriter e = commandLine.getErr();
          e.println("arcmetric: " + Errors.describe(ex));
          if (verbose) {
            ex.printStackTrace(e);
          }
          e.flush();
          return Errors.exitCode(ex);
        });
    // descriptions wrap at the terminal's width (100 columns when it is not a terminal)
    cl.setUsageHelpWidth(100);
    cl.setUsageHelpAutoWidth(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter e = ex.getCommandLine().getErr();
          // an option's own check (--threads 0) arrives wrapped in picocli's reflection message
          Throwable own = ex.getCause();
          while (own != null && !(own instanceof IllegalArgumentException)) {
            own = own.getCause();
          }
          e.println("arcmetric: " + (own != null ? Errors.describe(own) : ex.getMessage()));
          // a misspelt command or option (enrol, --epoch): the nearest names, as "Did you mean"
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
          e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          e.flush();
          return USAGE;
        });
    return cl;
  }

  public static void main(String[] args) {
    Verbosity.configureEarly(args);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    if (StopOnSignal.signalled()) {
      // the JVM is already shutting down on a signal and ends with its status when the hooks
      // return; System.exit(code) here could halt it with code instead
      return;
    }
    System.exit(code);
  }
}
