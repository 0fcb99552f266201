package io.mercato.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps {@link RuleEvaluationBenchmark} from rotting (like {@code BenchmarkSmokeTest}, in a class of
 * its own so the shared list there stays untouched): runs it in this JVM with 100 campaigns, no
 * warm-up and one short iteration, and checks it produced a finite, positive score. It never checks
 * a value.
 */
class RuleEvaluationBenchmarkSmokeTest {
  @Test
  void theRuleEvaluationBenchmarkRunsAndProducesAScore() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include("^" + RuleEvaluationBenchmark.class.getName().replace(".", "\\.") + "\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .threads(1)
            .param("campaigns", "100")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results)
        .singleElement()
        .satisfies(r -> assertThat(r.getPrimaryResult().getScore()).isFinite().isPositive());
  }
}
