package io.mercato.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for {@code bench} when {@code mercato-bench.jar} is not on the class path (e.g.
 * {@code java -jar mercato.jar bench}): says where the harnesses are instead of "unknown command".
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark, fuzz and soak harnesses: in mercato-bench.jar, not in mercato.jar; run them with ./mercato bench.")
final class BenchMissing implements Callable<Integer> {
  @Unmatched String[] ignored;

  @Override
  public Integer call() {
    throw new UsageException(
        "the benchmark harnesses are not in mercato.jar: run ./mercato bench … (it adds "
            + "mercato-bench/target/mercato-bench.jar to the class path), or java -cp mercato.jar:mercato-bench.jar "
            + Main.class.getName()
            + " bench …");
  }
}
