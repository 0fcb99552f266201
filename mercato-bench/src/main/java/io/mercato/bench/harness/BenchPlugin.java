package io.mercato.bench.harness;

import io.mercato.app.cli.CliPlugin;

/**
 * Brings {@link BenchCommand} ({@code mercato bench …}, with {@code fuzz} and {@code soak}) into the CLI
 * when {@code mercato-bench.jar} is on the class path beside {@code mercato.jar}; registered in
 * {@code META-INF/services/io.mercato.app.cli.CliPlugin}.
 */
public final class BenchPlugin implements CliPlugin {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public Object command() {
    return new BenchCommand();
  }
}
