package io.mercato.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the benchmarks from rotting: runs every benchmark of every class through the JMH runner with
 * the smallest settings (in this JVM, no warm-up, one measurement iteration of 100 ms, small warmed
 * states) and checks that each produced a finite, positive score. It never checks a value: numbers
 * taken this way mean nothing.
 */
class BenchmarkSmokeTest {
  private static final List<Class<?>> BENCHMARKS =
      List.of(
          EventParsingBenchmark.class,
          AggregateBenchmark.class,
          ItemCfUpdateBenchmark.class,
          RecommendBenchmark.class,
          SegmentBenchmark.class,
          ExperimentAssignmentBenchmark.class,
          ExperimentAnalysisBenchmark.class);

  @Test
  void everyBenchmarkRunsAndProducesAScore() throws RunnerException {
    OptionsBuilder b = new OptionsBuilder();
    BENCHMARKS.forEach(c -> b.include("^" + c.getName().replace(".", "\\.") + "\\."));
    Options options =
        b.forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .threads(1)
            .param("warmInteractions", "20000")
            .param("exposedUsers", "20000")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Map<String, List<RunResult>> byClass =
        results.stream()
            .collect(Collectors.groupingBy(r -> className(r.getParams().getBenchmark())));
    assertThat(byClass).containsOnlyKeys(BENCHMARKS.stream().map(Class::getName).toList());
    // every method × parameter combination: 3 parsing methods × 2 formats, 6 aggregates × 2, 1, 4
    // strategies,
    // 3 conditions × 2, 2 arm counts × 2 targetings, 2 analysis methods
    assertThat(results).hasSize(6 + 12 + 1 + 4 + 6 + 4 + 2);
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertThat(score)
          .as(
              "%s %s",
              r.getParams().getBenchmark(),
              r.getParams().getParamsKeys().stream()
                  .map(k -> k + "=" + r.getParams().getParam(k))
                  .toList())
          .isFinite()
          .isPositive();
    }
  }

  private static String className(String benchmark) {
    return benchmark.substring(0, benchmark.lastIndexOf('.'));
  }
}
