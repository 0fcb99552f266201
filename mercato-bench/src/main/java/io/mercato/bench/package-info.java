/**
 * JMH microbenchmarks of Mercato's hot paths, one class per subject, each on seeded synthetic data from
 * {@code mercato-testkit} (Zipf users and items, the realistic event mix) and each with its own run
 * command in its class comment:
 * <ul>
 *   <li>{@link io.mercato.bench.EventParsingBenchmark}: decode and validate a 500-event body;</li>
 *   <li>{@link io.mercato.bench.AggregateBenchmark}: {@code apply} and {@code merge} of the state aggregates;</li>
 *   <li>{@link io.mercato.bench.ItemCfUpdateBenchmark}: the item-CF (recommendation state) update per
 *       interaction;</li>
 *   <li>{@link io.mercato.bench.RecommendBenchmark}: one top-10 recommendation per strategy;</li>
 *   <li>{@link io.mercato.bench.SegmentBenchmark}: CEL targeting conditions per decision;</li>
 *   <li>{@link io.mercato.bench.ExperimentAssignmentBenchmark}: experiment assignment and exposure
 *       de-duplication per request (percentiles);</li>
 *   <li>{@link io.mercato.bench.ExperimentAnalysisBenchmark}: the live analysis of an experiment with a
 *       million exposed users.</li>
 * </ul>
 *
 * <p>All of them: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar} (JMH's options apply, e.g. {@code -f 1 -wi 2 -i 3} for a short
 * run, {@code -l} to list, {@code -p aggregate=KeyState} to pick a parameter). The annotations' defaults
 * are one fork, 3 × 1 s warm-up and 5 × 1 s measurement. {@code BenchmarkSmokeTest} runs every
 * benchmark once in CI and checks only that each produced a number.
 */
package io.mercato.bench;
