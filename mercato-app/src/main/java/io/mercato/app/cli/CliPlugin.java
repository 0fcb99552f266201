package io.mercato.app.cli;

import java.util.ServiceLoader;

/**
 * A top-level command that lives outside the runnable jar and joins the CLI when its jar is on the
 * class path: {@link MercatoCli} finds every implementation with {@link ServiceLoader} (listed in the
 * plugin jar's {@code META-INF/services/io.mercato.app.cli.CliPlugin}). This is how the benchmark and
 * fuzz harnesses of {@code mercato-bench} become {@code mercato bench …} without shipping in
 * {@code mercato.jar}: the {@code ./mercato} script puts {@code mercato-bench.jar} beside it for
 * {@code bench}.
 *
 * <p>Implementations need a public no-argument constructor.
 */
public interface CliPlugin {
  /** The command's name on the command line, e.g. {@code bench}; unique among the CLI's commands. */
  String name();

  /** A new picocli command object (annotated with {@code @Command}) for one command line. */
  Object command();
}
