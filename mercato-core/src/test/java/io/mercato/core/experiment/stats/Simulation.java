package io.mercato.core.experiment.stats;

import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.EventLimits;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentRules;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded simulated experiments with a control and one treatment, for the statistical tests: users
 * arrive in pairs (one per arm, the designed 50/50 split), and the analysis is read every
 * {@code every} pairs, as a marketer watching the console would.
 */
final class Simulation {
  /** Conversion per user: Bernoulli, base rate 5%. */
  static final double BASE_RATE = 0.05;

  private Simulation() {}

  static ExperimentDefinition twoArms(String primary, String extra) {
    String json =
        "{\"name\": \"sim\", \"start\": \"2026-03-01T00:00:00Z\", \"primary_metric\": \""
            + primary
            + "\","
            + " \"arms\": [{\"name\": \"control\", \"kind\": \"recommendation_strategy\", \"payload\": {\"strategy\": \"item_cf\"}},"
            + " {\"name\": \"treatment\", \"kind\": \"recommendation_strategy\", \"payload\": {\"strategy\": \"als\"}}],"
            + " \"weights\": {\"control\": 1, \"treatment\": 1}"
            + extra
            + "}";
    return new ExperimentRules(EventLimits.defaults(), new SegmentCompiler())
        .read(AdsJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), "sim", 1, 0);
  }

  static ExperimentDefinition threeArms(String primary) {
    return read(
        "{\"name\": \"sim\", \"start\": \"2026-03-01T00:00:00Z\", \"primary_metric\": \""
            + primary
            + "\","
            + " \"arms\": ["
            + arm("control", "item_cf")
            + ", "
            + arm("treatment", "als")
            + ", "
            + arm("third", "popular")
            + "],"
            + " \"weights\": {\"control\": 1, \"treatment\": 1, \"third\": 1}}");
  }

  static ExperimentDefinition banditOfTwo() {
    return read(
        "{\"name\": \"sim\", \"start\": \"2026-03-01T00:00:00Z\", \"primary_metric\": \"ctr\", \"mode\": \"bandit\","
            + " \"arms\": ["
            + arm("control", "item_cf")
            + ", "
            + arm("treatment", "als")
            + "]}");
  }

  static ExperimentDefinition interleavingOfTwo() {
    return read(
        "{\"name\": \"sim\", \"start\": \"2026-03-01T00:00:00Z\", \"primary_metric\": \"ctr\","
            + " \"mode\": \"interleaving\", \"arms\": ["
            + arm("control", "item_cf")
            + ", "
            + arm("treatment", "als")
            + "]}");
  }

  private static String arm(String name, String strategy) {
    return "{\"name\": \""
        + name
        + "\", \"kind\": \"recommendation_strategy\", \"payload\": {\"strategy\": \""
        + strategy
        + "\"}}";
  }

  private static ExperimentDefinition read(String json) {
    return new ExperimentRules(EventLimits.defaults(), new SegmentCompiler())
        .read(AdsJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), "sim", 1, 0);
  }

  /** One user's value of the metric, in arm 0 (control) or 1 (treatment, multiplied by 1 + lift). */
  interface Outcome {
    double draw(SplittableRandom rng, int arm);
  }

  /** Conversion at {@link #BASE_RATE}, times {@code 1 + lift} in the treatment. */
  static Outcome conversion(double lift) {
    return (rng, arm) -> rng.nextDouble() < BASE_RATE * (arm == 1 ? 1 + lift : 1) ? 1 : 0;
  }

  /** Revenue per user: log-normal (μ 1, σ 1: mean ≈ 4.5, heavily skewed), times {@code 1 + lift}. */
  static Outcome revenue(double lift) {
    return (rng, arm) -> Math.exp(1 + rng.nextGaussian()) * (arm == 1 ? 1 + lift : 1);
  }

  /** How many runs each rule rejected "no difference" at least once (or at the end). */
  record Rejections(
      int runs, int sequential, int sequentialWrongSign, int naivePeeking, int fixedHorizon) {
    double sequentialRate() {
      return (double) sequential / runs;
    }

    double naivePeekingRate() {
      return (double) naivePeeking / runs;
    }

    double fixedHorizonRate() {
      return (double) fixedHorizon / runs;
    }
  }

  /**
   * {@code runs} experiments of {@code perArm} users per arm, read every {@code every} pairs from
   * {@code every} on. The anytime-valid test counts a rejection when any look's interval excludes 0;
   * the naive one when any look's fixed-horizon z-test (|z| > 1.96) does; the fixed-horizon one looks
   * only at the end.
   */
  static Rejections run(
      ExperimentDefinition d, Outcome outcome, int runs, int perArm, int every, long seed) {
    ExperimentAnalysis analysis =
        new ExperimentAnalysis(new AnalysisSettings(0.05, 2.0 * perArm, 100, 0.001, 100, 1));
    int sequential = 0;
    int wrongSign = 0;
    int naive = 0;
    int fixed = 0;
    for (int r = 0; r < runs; r++) {
      SplittableRandom rng = new SplittableRandom(seed + r);
      ExperimentData data = ExperimentData.of(d);
      boolean seqRejected = false;
      boolean naiveRejected = false;
      for (int i = 1; i <= perArm; i++) {
        data.add(0, new double[] {outcome.draw(rng, 0)}, null);
        data.add(1, new double[] {outcome.draw(rng, 1)}, null);
        if (i % every == 0) {
          Comparison c = analysis.analyse(d, data).metrics().get(0).comparisons().get(0);
          if (c.test().significant() && !seqRejected) {
            seqRejected = true;
            wrongSign += c.difference() < 0 ? 1 : 0;
          }
          double z = naiveZ(data);
          naiveRejected |= Math.abs(z) > 1.96;
          if (i == perArm && Math.abs(z) > 1.96) {
            fixed++;
          }
        }
      }
      sequential += seqRejected ? 1 : 0;
      naive += naiveRejected ? 1 : 0;
    }
    return new Rejections(runs, sequential, wrongSign, naive, fixed);
  }

  /** The fixed-horizon two-sample z statistic of the primary metric, treatment − control. */
  static double naiveZ(ExperimentData data) {
    MetricSums c = data.sums(0, 0);
    MetricSums t = data.sums(1, 0);
    double v = c.varianceY() / c.n() + t.varianceY() / t.n();
    return v > 0 ? (t.meanY() - c.meanY()) / Math.sqrt(v) : 0;
  }
}
