package io.mercato.app.cli;

import ch.qos.logback.classic.Level;
import io.mercato.app.config.ConfigException;
import io.mercato.app.evaluate.EvaluateCommand;
import io.mercato.core.error.MercatoException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Assembles the command line and runs it. Exit codes: 0 success, 1 runtime error, 2 usage or
 * configuration error. Errors are printed as one line ({@code mercato replay: ...}); {@code --verbose}
 * adds the stack trace and debug logging.
 */
public final class MercatoCli {
  /** Exit code of a runtime failure. */
  public static final int RUNTIME_ERROR = 1;

  /** Exit code of a usage or configuration error. */
  public static final int USAGE_ERROR = 2;

  private MercatoCli() {}

  /** Runs {@code args} with the real clock and working directory, printing to stdout/stderr. */
  public static int execute(String[] args, Map<String, String> env) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    return execute(
        args, new CliContext(env, Path.of("").toAbsolutePath(), InstantSource.system()), out, err);
  }

  /** Runs {@code args} in {@code ctx}; for tests. */
  static int execute(String[] args, CliContext ctx, PrintWriter out, PrintWriter err) {
    return commandLine(ctx, out, err).execute(args);
  }

  /** The configured command line (exposed for tests of the help output). */
  static CommandLine commandLine(CliContext ctx, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new MercatoCommand());
    cli.addSubcommand(new ServeCommand(ctx));
    cli.addSubcommand(new DemoCommand(ctx));
    cli.addSubcommand(new ReplayCommand(ctx));
    cli.addSubcommand(new TrainCommand(ctx));
    cli.addSubcommand(new EvaluateCommand(ctx.workingDir()));
    cli.addSubcommand(new FlinkJobCommand(ctx));
    addPlugins(cli);
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    boolean[] verbose = new boolean[1];
    cli.setExecutionStrategy(
        parsed -> {
          verbose[0] = verbose(parsed);
          if (verbose[0]) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.mercato"))
                .setLevel(Level.DEBUG);
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          PrintWriter e = cmd.getErr();
          e.println(qualifiedName(cmd) + ": " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
          e.println("Try '" + qualifiedName(cmd) + " --help' for more information.");
          e.flush();
          return USAGE_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter e = cmd.getErr();
          e.println(qualifiedName(cmd) + ": " + describe(ex));
          if (verbose[0]) {
            ex.printStackTrace(e);
          } else if (!(ex instanceof MercatoException)) {
            e.println("(run with --verbose for the stack trace)");
          }
          e.flush();
          return ex instanceof ConfigException || ex instanceof UsageException
              ? USAGE_ERROR
              : RUNTIME_ERROR;
        });
    return cli;
  }

  /**
   * The commands of the {@link CliPlugin}s on the class path ({@code bench} from mercato-bench.jar); a
   * stand-in that says where the harnesses are when no plugin brings {@code bench}.
   */
  private static void addPlugins(CommandLine cli) {
    for (CliPlugin plugin :
        ServiceLoader.load(CliPlugin.class, MercatoCli.class.getClassLoader())) {
      cli.addSubcommand(plugin.name(), plugin.command());
    }
    if (!cli.getSubcommands().containsKey("bench")) {
      cli.addSubcommand(new BenchMissing());
    }
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  private static String describe(Exception ex) {
    Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    if (t instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (t instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (t instanceof IOException) {
      String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      return ex instanceof UncheckedIOException
              && ex.getMessage() != null
              && !ex.getMessage().equals(t.toString())
          ? ex.getMessage()
          : "I/O error: " + detail;
    }
    if (t instanceof MercatoException || t instanceof IllegalArgumentException) {
      return t.getMessage();
    }
    return t.toString();
  }
}
