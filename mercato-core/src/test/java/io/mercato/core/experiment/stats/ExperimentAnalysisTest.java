package io.mercato.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.Metric;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class ExperimentAnalysisTest {
  static final ExperimentAnalysis ANALYSIS = new ExperimentAnalysis(AnalysisSettings.DEFAULTS);

  /** Primary conversion; guardrails revenue per user and latency; a 10% global holdout. */
  static final ExperimentDefinition D =
      Simulation.twoArms(
          "conversion",
          ", \"guardrail_metrics\": [\"revenue_per_user\", \"latency\"], \"holdouts\": {\"global\": 0.1}");

  /**
   * Users of one group: conversion at {@code rate}, revenue log-normal, latency N(latencyMs, 10).
   */
  static void users(
      ExperimentData data,
      String group,
      int n,
      double rate,
      double latencyMs,
      SplittableRandom rng) {
    for (int i = 0; i < n; i++) {
      double converted = rng.nextDouble() < rate ? 1 : 0;
      double revenue = converted * Math.exp(3 + 0.5 * rng.nextGaussian());
      double latency = latencyMs + 10 * rng.nextGaussian();
      data.add(group, new double[] {converted, revenue, latency}, null);
    }
  }

  static ExperimentData data(double treatmentRate, double treatmentLatency, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    ExperimentData data = ExperimentData.of(D);
    users(data, "control", 9_000, 0.05, 100, rng);
    users(data, "treatment", 9_000, treatmentRate, treatmentLatency, rng);
    users(data, "holdout", 2_000, 0.03, 100, rng);
    return data;
  }

  @Test
  void aBetterTreatmentThatHarmsNoGuardrailIsShipped() {
    ExperimentReport r = ANALYSIS.analyse(D, data(0.07, 100, 1));
    assertThat(r.users())
        .containsExactly(
            Map.entry("control", 9_000L),
            Map.entry("treatment", 9_000L),
            Map.entry("holdout", 2_000L));
    assertThat(r.sampleRatioMismatch()).isFalse();
    MetricReport conversion = r.metrics().get(0);
    assertThat(conversion.metric()).isEqualTo(Metric.CONVERSION);
    assertThat(conversion.primary()).isTrue();
    assertThat(conversion.groups())
        .extracting(GroupMetric::group)
        .containsExactly("control", "treatment", "holdout");
    Comparison c = conversion.comparisons().get(0);
    assertThat(c.treatment()).isEqualTo("treatment");
    assertThat(c.baseline()).isEqualTo("control");
    assertThat(c.difference()).isCloseTo(0.02, Offset.offset(0.007));
    assertThat(c.effect()).isEqualTo(Effect.BETTER);
    assertThat(c.chanceToBeat()).isGreaterThan(0.99);
    assertThat(c.test().alpha()).as("one treatment: no split of alpha").isEqualTo(0.05);
    Comparison personalisation = conversion.comparisons().get(1);
    assertThat(personalisation.treatment()).isEqualTo("control");
    assertThat(personalisation.baseline()).isEqualTo("holdout");
    assertThat(personalisation.effect()).isEqualTo(Effect.BETTER);
    assertThat(r.metrics())
        .extracting(MetricReport::metric)
        .containsExactly(Metric.CONVERSION, Metric.REVENUE_PER_USER, Metric.LATENCY);
    assertThat(r.decision().action()).isEqualTo(Decision.Action.SHIP);
    assertThat(r.decision().arm()).isEqualTo("treatment");
    assertThat(r.decision().reasons().get(0))
        .contains("significantly better")
        .contains("conversion");
  }

  @Test
  void aTreatmentThatSlowsServingIsRolledBackEvenIfItConvertsBetter() {
    ExperimentReport r = ANALYSIS.analyse(D, data(0.07, 120, 2));
    Comparison latency = r.metrics().get(2).comparisons().get(0);
    assertThat(latency.difference()).isCloseTo(20.0, Offset.offset(1.0));
    assertThat(latency.effect()).as("higher latency is worse").isEqualTo(Effect.WORSE);
    assertThat(latency.chanceToBeat()).isLessThan(0.01);
    assertThat(r.decision().action()).isEqualTo(Decision.Action.ROLL_BACK);
    assertThat(r.decision().arm()).isEqualTo("control");
    assertThat(r.decision().reasons()).anyMatch(s -> s.contains("latency"));
  }

  @Test
  void withoutADifferenceTheAdviceIsToKeepRunning() {
    ExperimentReport r = ANALYSIS.analyse(D, data(0.05, 100, 3));
    assertThat(r.metrics().get(0).comparisons().get(0).effect()).isEqualTo(Effect.INCONCLUSIVE);
    assertThat(r.decision().action()).isEqualTo(Decision.Action.KEEP_RUNNING);
    assertThat(r.decision().arm()).isNull();
  }

  @Test
  void groupsBelowTheMinimumGiveNoVerdictAndSaySo() {
    ExperimentData data = ExperimentData.of(D);
    SplittableRandom rng = new SplittableRandom(4);
    users(data, "control", 50, 0.0, 100, rng);
    users(data, "treatment", 50, 1.0, 100, rng);
    ExperimentReport r = ANALYSIS.analyse(D, data);
    Comparison c = r.metrics().get(0).comparisons().get(0);
    assertThat(c.difference()).isEqualTo(1.0);
    assertThat(c.effect()).isEqualTo(Effect.INCONCLUSIVE);
    assertThat(c.test().pValue()).isEqualTo(1);
    assertThat(r.notes()).anyMatch(n -> n.contains("arm control has 50 exposed users"));
    assertThat(r.decision().action()).isEqualTo(Decision.Action.KEEP_RUNNING);
  }

  @Test
  void withSeveralTreatmentsAlphaIsSplitAndTheMostLikelyWinnerIsShipped() {
    ExperimentDefinition three = Simulation.threeArms("conversion");
    SplittableRandom rng = new SplittableRandom(5);
    ExperimentData data = ExperimentData.of(three);
    for (String[] g :
        new String[][] {{"control", "0.05"}, {"treatment", "0.065"}, {"third", "0.08"}}) {
      for (int i = 0; i < 10_000; i++) {
        data.add(g[0], new double[] {rng.nextDouble() < Double.parseDouble(g[1]) ? 1 : 0}, null);
      }
    }
    ExperimentReport r = ANALYSIS.analyse(three, data);
    assertThat(r.metrics().get(0).comparisons())
        .extracting(c -> c.test().alpha())
        .containsOnly(0.025);
    assertThat(r.decision().action()).isEqualTo(Decision.Action.SHIP);
    assertThat(r.decision().arm()).isEqualTo("third");
  }

  @Test
  void aBanditIsAnalysedWithItsBiasNotedAndNoSampleRatioCheck() {
    ExperimentDefinition bandit = Simulation.banditOfTwo();
    ExperimentData data = ExperimentData.of(bandit);
    for (int i = 0; i < 1_000; i++) {
      data.add(i % 3 == 0 ? "control" : "treatment", new double[] {i % 7 == 0 ? 1 : 0}, null);
    }
    ExperimentReport r = ANALYSIS.analyse(bandit, data);
    assertThat(r.sampleRatio()).isNull();
    assertThat(r.notes().get(0)).contains("biased");
  }

  @Test
  void dataOfAnotherExperimentOrAnInterleavingExperimentIsRefused() {
    ExperimentData other = ExperimentData.of(Simulation.twoArms("ctr", ""));
    assertThatThrownBy(() -> ANALYSIS.analyse(D, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not data of experiment");
    ExperimentDefinition interleaving = Simulation.interleavingOfTwo();
    assertThatThrownBy(() -> ANALYSIS.analyse(interleaving, ExperimentData.of(interleaving)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("InterleavingAnalysis");
  }

  @Test
  void badUserValuesAreRefusedNamingTheMetric() {
    ExperimentData data = ExperimentData.of(D);
    assertThatThrownBy(() -> data.add("control", new double[] {2, 0, 0}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conversion")
        .hasMessageContaining("0 or 1");
    assertThatThrownBy(() -> data.add("control", new double[] {1, Double.NaN, 0}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revenue_per_user");
    assertThatThrownBy(() -> data.add("nobody", new double[] {1, 0, 0}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nobody");
    assertThatThrownBy(() -> data.add("control", new double[] {1}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one value per metric");
    assertThat(data.users(0)).as("nothing added").isZero();
  }

  @Test
  void partitionsMergeIntoTheSameAnalysisAsOneStream() {
    ExperimentData whole = data(0.06, 101, 9);
    SplittableRandom rng = new SplittableRandom(9);
    ExperimentData a = ExperimentData.of(D);
    ExperimentData b = ExperimentData.of(D);
    users(a, "control", 4_000, 0.05, 100, rng);
    users(b, "control", 5_000, 0.05, 100, rng);
    users(a, "treatment", 9_000, 0.06, 101, rng);
    users(b, "holdout", 2_000, 0.03, 100, rng);
    a.merge(b);
    for (int g = 0; g < 3; g++) {
      for (int m = 0; m < 3; m++) {
        MetricSums x = whole.sums(g, m);
        MetricSums y = a.sums(g, m);
        assertThat(y.n()).isEqualTo(x.n());
        assertThat(y.meanY()).isCloseTo(x.meanY(), Offset.offset(1e-9));
        assertThat(y.m2y()).isCloseTo(x.m2y(), Percentage.withPercentage(1e-9));
      }
    }
  }
}
