package io.mercato.bench;

import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.EventLimits;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.stats.AnalysisSettings;
import io.mercato.core.experiment.stats.ExperimentAnalysis;
import io.mercato.core.experiment.stats.ExperimentData;
import io.mercato.core.experiment.stats.ExperimentReport;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The live analysis of an experiment with {@code exposedUsers} exposed users (issue 20: 1 M users in
 * at most 200 ms): three arms and a holdout, the primary metric conversion (binary) and two guardrails
 * (revenue per user, latency), each with a pre-exposure covariate for CUPED.
 *
 * <ul>
 *   <li>{@code foldAndAnalyse}: every user's values folded into a fresh {@link ExperimentData}, then
 *       the whole report (SRM, CUPED, anytime-valid intervals, chance to beat with 20,000 draws per
 *       binary comparison, decision): what re-analysing from per-user records costs;</li>
 *   <li>{@code analyse}: the report from data already folded, what a live view that folds users as they
 *       arrive pays per refresh.</li>
 * </ul>
 * Setup: seeded per-user values (seed {@value Streams#SEED}) kept in arrays, so the fold reads memory
 * as it would from a columnar source.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar ExperimentAnalysisBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExperimentAnalysisBenchmark {
  static final String DEFINITION =
      """
      {"name": "bench", "start": "2026-11-01T00:00:00Z", "primary_metric": "conversion",
       "guardrail_metrics": ["revenue_per_user", "latency"],
       "arms": [{"name": "control", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
                {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}},
                {"name": "popular", "kind": "recommendation_strategy", "payload": {"strategy": "popular"}}],
       "weights": {"control": 1, "als": 1, "popular": 1}, "holdouts": {"global": 0.05}}
      """;

  /** Exposed users. */
  @Param({"1000000"})
  public int exposedUsers;

  private ExperimentDefinition definition;
  private ExperimentAnalysis analysis;
  private int[] groups;
  private double[][] values;
  private double[][] pre;
  private ExperimentData folded;

  @Setup
  public void setUp() {
    definition =
        new ExperimentRules(EventLimits.defaults(), new SegmentCompiler())
            .read(AdsJson.parseObject(DEFINITION.getBytes(StandardCharsets.UTF_8)), "bench", 1, 0);
    analysis = new ExperimentAnalysis(AnalysisSettings.DEFAULTS);
    SplittableRandom rng = new SplittableRandom(Streams.SEED);
    groups = new int[exposedUsers];
    values = new double[exposedUsers][];
    pre = new double[exposedUsers][];
    for (int u = 0; u < exposedUsers; u++) {
      groups[u] = rng.nextDouble() < 0.05 ? 3 : rng.nextInt(3);
      double preRevenue = rng.nextDouble() < 0.3 ? Math.exp(3 + rng.nextGaussian()) : 0;
      double converted =
          rng.nextDouble() < 0.04 + (preRevenue > 0 ? 0.03 : 0) + 0.005 * (groups[u] % 3) ? 1 : 0;
      values[u] =
          new double[] {
            converted,
            converted * Math.exp(3 + 0.5 * rng.nextGaussian()),
            80 + 10 * rng.nextGaussian()
          };
      pre[u] = new double[] {preRevenue > 0 ? 1 : 0, preRevenue, 80 + 10 * rng.nextGaussian()};
    }
    folded = fold();
  }

  private ExperimentData fold() {
    ExperimentData data = ExperimentData.of(definition);
    for (int u = 0; u < exposedUsers; u++) {
      data.add(groups[u], values[u], pre[u]);
    }
    return data;
  }

  /** Folds every user, then analyses. */
  @Benchmark
  public ExperimentReport foldAndAnalyse() {
    return analysis.analyse(definition, fold());
  }

  /** Analyses data already folded. */
  @Benchmark
  public ExperimentReport analyse() {
    return analysis.analyse(definition, folded);
  }
}
