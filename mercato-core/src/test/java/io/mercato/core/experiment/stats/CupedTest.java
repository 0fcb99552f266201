package io.mercato.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.experiment.ExperimentDefinition;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * CUPED on data whose pre-period is correlated with the metric: per user, {@code x ~ N(0, 1)} and
 * {@code y = 10 + lift + 2 (ρ x + sqrt(1 − ρ²) e)}, {@code e ~ N(0, 1)}, so {@code corr(x, y) = ρ}.
 */
class CupedTest {
  static final double RHO = 0.7;
  static final ExperimentDefinition D = Simulation.twoArms("revenue_per_user", "");

  static ExperimentData data(SplittableRandom rng, int perArm, double lift) {
    ExperimentData data = ExperimentData.of(D);
    for (int i = 0; i < perArm; i++) {
      for (int arm = 0; arm < 2; arm++) {
        double x = rng.nextGaussian();
        double y =
            10
                + (arm == 1 ? lift : 0)
                + 2 * (RHO * x + Math.sqrt(1 - RHO * RHO) * rng.nextGaussian());
        data.add(arm, new double[] {y}, new double[] {x});
      }
    }
    return data;
  }

  @Test
  void cupedRemovesTheShareRhoSquaredOfTheVariance() {
    ExperimentData data = data(new SplittableRandom(7), 20_000, 0);
    Cuped c = Cuped.estimate(List.of(data.sums(0, 0), data.sums(1, 0)));
    assertThat(c.theta()).isCloseTo(2 * RHO, within(0.03));
    assertThat(c.varianceReduction(List.of(data.sums(0, 0), data.sums(1, 0))))
        .isCloseTo(RHO * RHO, within(0.015));
    assertThat(c.adjustedVariance(data.sums(0, 0)) / data.sums(0, 0).varianceY())
        .isCloseTo(1 - RHO * RHO, within(0.02));
  }

  @Test
  void theAdjustedEstimateIsUnbiasedAndItsSpreadAcrossExperimentsShrinksByOneMinusRhoSquared() {
    ExperimentAnalysis analysis = new ExperimentAnalysis(AnalysisSettings.DEFAULTS);
    SplittableRandom rng = new SplittableRandom(11);
    int runs = 400;
    double lift = 0.3;
    double[] raw = new double[runs];
    double[] adjusted = new double[runs];
    for (int r = 0; r < runs; r++) {
      ExperimentData data = data(rng, 500, lift);
      raw[r] = data.sums(1, 0).meanY() - data.sums(0, 0).meanY();
      adjusted[r] = analysis.analyse(D, data).metrics().get(0).comparisons().get(0).difference();
    }
    assertThat(mean(adjusted)).isCloseTo(lift, within(0.02));
    assertThat(mean(raw)).isCloseTo(lift, within(0.03));
    // Var(raw) = 2·4/500 = 0.016; CUPED: 0.016 · (1 − 0.49) = 0.0082.
    assertThat(variance(adjusted) / variance(raw)).isCloseTo(1 - RHO * RHO, within(0.08));
  }

  @Test
  void withCorrelatedPreDataTheAnytimeValidTestIsStillValidAndNarrower() {
    ExperimentAnalysis analysis = new ExperimentAnalysis(AnalysisSettings.DEFAULTS);
    ExperimentData data = data(new SplittableRandom(5), 5_000, 0);
    MixtureSequentialTest.Result adjusted =
        analysis.analyse(D, data).metrics().get(0).comparisons().get(0).test();
    MetricSums c = data.sums(0, 0);
    MetricSums t = data.sums(1, 0);
    double rawVariance = c.varianceY() / c.n() + t.varianceY() / t.n();
    MixtureSequentialTest.Result raw =
        new MixtureSequentialTest(AnalysisSettings.DEFAULTS.plannedUsers())
            .test(t.meanY() - c.meanY(), rawVariance, c.n() + t.n(), 0.05);
    double ratio = (adjusted.upper() - adjusted.lower()) / (raw.upper() - raw.lower());
    // The width scales with sqrt(V) and a little with ln V: about sqrt(1 − ρ²) ≈ 0.71.
    assertThat(ratio).isBetween(0.65, 0.76);
    assertThat(adjusted.lower()).isLessThan(0);
    assertThat(adjusted.upper()).isGreaterThan(0);
  }

  @Test
  void withoutPreDataNothingChanges() {
    ExperimentData data = ExperimentData.of(D);
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 1_000; i++) {
      data.add(i % 2, new double[] {rng.nextGaussian()}, null);
    }
    Cuped c = Cuped.estimate(List.of(data.sums(0, 0), data.sums(1, 0)));
    assertThat(c.theta()).isZero();
    assertThat(c.adjustedMean(data.sums(0, 0))).isEqualTo(data.sums(0, 0).meanY());
    assertThat(c.adjustedVariance(data.sums(1, 0)))
        .isCloseTo(data.sums(1, 0).varianceY(), within(1e-12));
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double variance(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return s / (v.length - 1);
  }
}
